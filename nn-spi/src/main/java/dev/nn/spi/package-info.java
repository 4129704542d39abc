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
 * <p>This package depends only on the JDK and {@link dev.nn.tensor}; plugins compile against it with Maven scope
 * {@code provided}. Unless a method says otherwise, arguments and results are never {@code null}.
 */
package dev.nn.spi;
