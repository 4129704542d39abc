/**
 * The built-in learning-rate schedules, each as {@code torch.optim.lr_scheduler} defines it: {@code constant},
 * {@code step} (StepLR), {@code exponential} (ExponentialLR), {@code cosine} (LinearLR warm-up, then
 * CosineAnnealingLR) and {@code reduce_on_plateau} (ReduceLROnPlateau). The first four are closed forms of where
 * training is and keep no state; {@code reduce_on_plateau} keeps its counters, which checkpoints save.
 */
package dev.nn.schedules;
