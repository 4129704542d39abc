/**
 * The built-in layer types, each one class with its provider nested, listed in
 * {@code META-INF/services/dev.nn.spi.LayerProvider}: {@code dense} ({@code a = f(x W^T + b)}), {@code activation}
 * (an activation as a layer) and {@code dropout} (inverted dropout in training).
 */
package dev.nn.layers;
