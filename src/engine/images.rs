//! Image data sets: the 8x8 digits and generated bars and shapes.
