//! Drawing: charts generic over the plotters backend, heatmaps as ImageData.
