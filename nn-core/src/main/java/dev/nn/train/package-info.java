/**
 * Training: {@link dev.nn.train.Trainer} walks the training set in mini-batches (forward, loss, backward, update)
 * and reports each batch and epoch to {@link dev.nn.train.TrainingListener}s.
 */
package dev.nn.train;
