/**
 * The built-in optimizers, as PyTorch defines them: {@code sgd} (momentum, Nesterov, weight decay), {@code adam},
 * {@code adamw} (decoupled weight decay, AMSGrad) and {@code rmsprop} (momentum, centered).
 */
package dev.nn.optimizers;
