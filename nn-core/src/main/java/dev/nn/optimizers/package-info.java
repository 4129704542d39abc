/** The built-in optimizers: {@code sgd} (momentum, Nesterov, weight decay) and {@code adam}, as PyTorch defines them. */
package dev.nn.optimizers;
