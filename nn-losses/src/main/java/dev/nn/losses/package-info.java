/**
 * The built-in losses, each created by its {@link dev.nn.spi.LossProvider} and registered in
 * {@code META-INF/services/dev.nn.spi.LossProvider}:
 *
 * <table>
 *   <caption>Built-in losses</caption>
 *   <tr><th>name</th><th>L</th><th>parameters</th></tr>
 *   <tr><td>{@code mse}</td><td>{@code factor * mean((y - t)^2)} over every element</td>
 *       <td>{@code factor > 0}, default {@code 1}</td></tr>
 *   <tr><td>{@code cross_entropy}</td><td>{@code -(1/batch) sum t log(max(y, 1e-15))}</td><td></td></tr>
 * </table>
 */
package dev.nn.losses;
