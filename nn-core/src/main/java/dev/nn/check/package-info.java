/**
 * Seeded finite-difference gradient checks.
 *
 * <p>{@link dev.nn.check.ComponentGradientCheck} compares one plugin component, an {@link dev.nn.spi.Activation}'s
 * backward pass or a {@link dev.nn.spi.Loss}'s gradient, with central differences at reproducible random points,
 * and reports a {@link dev.nn.check.CheckResult} instead of throwing when the component is wrong; it serves
 * {@code nn plugins verify} and the plugin-author test kit. {@code NetworkGradientCheck} does the same for the
 * parameters of a whole network.
 */
package dev.nn.check;
