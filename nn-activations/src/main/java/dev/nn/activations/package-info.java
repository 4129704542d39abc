/**
 * The built-in activations, each created by its {@link dev.nn.spi.ActivationProvider} and registered in
 * {@code META-INF/services/dev.nn.spi.ActivationProvider}:
 *
 * <table>
 *   <caption>Built-in activations</caption>
 *   <tr><th>name</th><th>f(x)</th><th>parameters</th></tr>
 *   <tr><td>{@code identity} ({@code linear})</td><td>{@code x}</td><td></td></tr>
 *   <tr><td>{@code relu}</td><td>{@code max(0, x)}</td><td></td></tr>
 *   <tr><td>{@code leaky_relu}</td><td>{@code x} for {@code x > 0}, else {@code alpha x}</td>
 *       <td>{@code alpha >= 0}, default {@code 0.01}</td></tr>
 *   <tr><td>{@code sigmoid}</td><td>{@code 1 / (1 + e^-x)}</td><td></td></tr>
 *   <tr><td>{@code tanh}</td><td>{@code tanh(x)}</td><td></td></tr>
 *   <tr><td>{@code softmax}</td><td>{@code e^x_i / sum_j e^x_j} over each sample's row</td><td></td></tr>
 * </table>
 *
 * <p>The element-wise activations implement {@link dev.nn.spi.ElementwiseActivation} and also override
 * {@code forward} and {@code backward} with loops over the backing arrays that give exactly the results of
 * {@code value} and {@code derivative}.
 */
package dev.nn.activations;
