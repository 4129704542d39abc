/**
 * A built network and how it runs: {@link dev.nn.network.Network} chains the layers and the loss (forward in
 * either mode, backward, parameters and state by name); {@link dev.nn.network.StepStreams} derives each training
 * step's random stream from the seed, the layer, the epoch and the batch. It depends on the SPI only, so that
 * training ({@code dev.nn.train}), the spec writer ({@code dev.nn.spec}) and the model assembly
 * ({@code dev.nn.model}) can all use a network without depending on one another.
 */
package dev.nn.network;
