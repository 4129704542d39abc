/**
 * An example plugin for nn: the activations {@code swish} and {@code softplus}, the loss {@code huber} and the layer
 * {@code feature_scale} (a learnable scale per feature, with an option and a state), and the learning-rate schedule
 * {@code inverse_time}.
 *
 * <p>Each component is a provider, registered in {@code META-INF/services/dev.nn.spi.ActivationProvider},
 * {@code dev.nn.spi.LossProvider}, {@code dev.nn.spi.LayerProvider} or
 * {@code dev.nn.spi.LearningRateScheduleProvider}, that creates the component from what a spec
 * writes beside its name or type. The jar declares {@code Nn-Spi-Version: 2} in its manifest; it depends only on
 * nn-spi, the {@link dev.nn.spi} and {@link dev.nn.tensor} packages, which the platform supplies.
 */
package dev.nn.examples;
