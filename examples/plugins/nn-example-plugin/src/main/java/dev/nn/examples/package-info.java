/**
 * An example plugin for nn: the activations {@code swish} and {@code softplus} and the loss {@code huber}.
 *
 * <p>Each component is a provider, registered in {@code META-INF/services/dev.nn.spi.ActivationProvider} or
 * {@code META-INF/services/dev.nn.spi.LossProvider}, that creates the component from the parameters a spec writes
 * beside its name. The jar declares {@code Nn-Spi-Version: 1} in its manifest; it depends only on nn-core's
 * {@link dev.nn.spi} and {@link dev.nn.tensor} packages, which the platform supplies.
 */
package dev.nn.examples;
