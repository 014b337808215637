//! Drawing for the convolution lab.
