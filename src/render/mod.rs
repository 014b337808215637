//! Drawing: charts generic over the plotters backend (so native tests render them
//! to SVG), heatmaps as RGBA pixels for `ImageData`, the canvas plumbing, and
//! every view's 2-D canvas painting (`paint_…` functions beside pure layouts
//! whose fit and hit tests run natively).

pub mod activation_chart;
pub mod autoencoder;
pub mod boundary;
pub mod canvas;
pub mod chart;
pub mod conv;
pub mod describe;
pub mod field;
pub mod heatmap;
pub mod jobs_chart;
pub mod network_layout;
pub mod network_paint;
pub mod output;
pub mod palette;
pub mod points;
pub mod rnn;
pub mod series;
pub mod text;
