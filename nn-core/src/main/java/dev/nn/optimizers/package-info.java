/** The built-in optimizers: {@code sgd}. */
package dev.nn.optimizers;
