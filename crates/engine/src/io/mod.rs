//! Files in and out: JSON reading with exact floats ([`json`]), the model
//! file ([`model_file`]: architecture, weights, hyper-parameters, seed) and
//! the headless runner's scenarios ([`scenario`]).

pub mod csv_points;
pub mod json;
pub mod model_file;
pub mod pytorch;
pub mod scenario;
