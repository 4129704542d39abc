/** The built-in layer type, {@code dense}: {@code a = f(x W^T + b)}. */
package dev.nn.layers;
