//! Convolutional networks: conv layers, pooling, flatten (see issue "Convolution lab").
