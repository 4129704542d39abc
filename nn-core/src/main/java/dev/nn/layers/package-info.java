/**
 * The built-in layer types, each one class with its provider nested, listed in
 * {@code META-INF/services/dev.nn.spi.LayerProvider}: {@code dense} ({@code a = f(x W^T + b)}), {@code activation}
 * (an activation as a layer), {@code dropout} (inverted dropout in training), {@code batch_norm} (PyTorch's
 * {@code BatchNorm1d}: batch statistics in training, running statistics in inference) and {@code layer_norm}
 * (PyTorch's {@code LayerNorm} over each row's features).
 */
package dev.nn.layers;
