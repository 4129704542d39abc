/**
 * Training: {@link dev.nn.train.Trainer} walks the training set in mini-batches (forward, loss, backward, update)
 * and reports each batch and epoch to {@link dev.nn.train.TrainingListener}s; {@link dev.nn.train.Evaluator} computes
 * loss and accuracy in inference mode, in batches of {@link dev.nn.train.Evaluator#batchSize(int)} (the one rule for
 * evaluating and predicting). It runs a {@link dev.nn.network.Network} and knows nothing of specs or models.
 */
package dev.nn.train;
