/**
 * The service-provider interface of the platform: what a plugin implements to add a component.
 *
 * <p>A component kind is a pair of interfaces: a provider, found with {@link java.util.ServiceLoader} and listed in
 * the jar's {@code META-INF/services/<provider interface>}, and the component it creates. The provider's
 * {@link dev.nn.spi.ComponentProvider#name() name} is what a model spec writes; its
 * {@link dev.nn.spi.ComponentProvider#create(ComponentParameters) create} method receives the parameters written
 * beside that name.
 *
 * <table>
 *   <caption>Component kinds</caption>
 *   <tr><th>kind</th><th>provider</th><th>component</th></tr>
 *   <tr><td>activation</td><td>{@link dev.nn.spi.ActivationProvider}</td><td>{@link dev.nn.spi.Activation}
 *       (or the two-method {@link dev.nn.spi.ElementwiseActivation})</td></tr>
 *   <tr><td>loss</td><td>{@link dev.nn.spi.LossProvider}</td><td>{@link dev.nn.spi.Loss}</td></tr>
 *   <tr><td>layer</td><td>{@link dev.nn.spi.LayerProvider}</td><td>{@link dev.nn.spi.Layer}</td></tr>
 *   <tr><td>optimizer</td><td>{@link dev.nn.spi.OptimizerProvider}</td><td>{@link dev.nn.spi.Optimizer}
 *       (a {@link dev.nn.spi.StatefulOptimizer} saves its state, which training checkpoints need)</td></tr>
 *   <tr><td>schedule</td><td>{@link dev.nn.spi.LearningRateScheduleProvider}</td>
 *       <td>{@link dev.nn.spi.LearningRateSchedule} (the learning rate of every update, written on the optimizer)</td></tr>
 *   <tr><td>initializer</td><td>{@link dev.nn.spi.InitializerProvider}</td><td>{@link dev.nn.spi.Initializer}</td></tr>
 * </table>
 *
 * <p>A layer or an activation may also implement {@link dev.nn.spi.OnnxExportable} to give its inference form as
 * ONNX operators, which it adds through {@link dev.nn.spi.OnnxGraphBuilder}; {@code nn export} refuses a model with a
 * component that does not.
 *
 * <p>Float32: a network whose spec says {@code dtype: float32} computes in {@code float}. A layer, activation or loss
 * declares that it computes in float32 with {@code supportsFloat32()} ({@link dev.nn.spi.Layer#supportsFloat32()},
 * {@link dev.nn.spi.Activation#supportsFloat32()}, {@link dev.nn.spi.Loss#supportsFloat32()}); every built-in one
 * does. One that does not (every plugin written for float64) keeps working unchanged: the platform runs it in float64
 * at its boundary, widening what it is given and rounding what it returns, and {@code nn summary} names it as
 * widened. Optimizers always see float64 copies of the parameters ({@link dev.nn.spi.Optimizer}), initializers
 * always fill float64 tensors, and gradient checks always compute in float64.
 *
 * <p>This package depends only on the JDK and {@link dev.nn.tensor}; plugins compile against it with Maven scope
 * {@code provided}. Unless a method says otherwise, arguments and results are never {@code null}.
 */
package dev.nn.spi;
