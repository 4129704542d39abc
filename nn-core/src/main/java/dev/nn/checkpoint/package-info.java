/**
 * Training checkpoints: a model file ({@link dev.nn.modelfile.ModelArchive}) that also holds everything training
 * needs to continue bit for bit ({@link CheckpointWriter} writes them, {@link Checkpoint} reads one back, checks it
 * against the spec and data it is resumed with and puts its state into the network and the optimizer).
 */
package dev.nn.checkpoint;
