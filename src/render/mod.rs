//! Drawing: charts generic over the plotters backend (so native tests render them
//! to SVG), heatmaps as RGBA pixels for `ImageData`, and the canvas plumbing.

pub mod activation_chart;
pub mod boundary;
pub mod canvas;
pub mod chart;
pub mod conv;
pub mod heatmap;
pub mod jobs_chart;
pub mod network_layout;
pub mod network_paint;
pub mod palette;
pub mod points;
pub mod rnn;
pub mod series;
pub mod text;
