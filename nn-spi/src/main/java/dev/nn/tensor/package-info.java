/**
 * The dense tensor every component computes on: a row-major matrix of {@code double} whose rows are samples.
 *
 * <p>{@link dev.nn.tensor.Tensor} holds the numbers and checks shapes; {@link dev.nn.tensor.MatrixProducts} holds the
 * three matrix products of a dense layer, each writing into an output tensor the caller owns so that training loops
 * allocate nothing per batch; {@link dev.nn.tensor.Elementwise} holds the exact elementwise loops of the built-in
 * components (on the Vector API when the product kernel is the vector one, bit-identical to the plain loops). Behind
 * them, package-private: the blocked product ({@code Gemm}), its two micro-kernels (JDK Vector API, with a tile shaped
 * for the machine's vector registers, and scalar, chosen by {@code Kernels}) and the worker threads of large products
 * ({@code WorkerPool}), and the same for {@code float}: {@code FloatGemm} on float micro-kernels, with the
 * {@link dev.nn.tensor.FloatElementwise} loops. This package depends only on the JDK (the Vector API kernel only where the JVM has
 * {@code jdk.incubator.vector}) and is shared with plugins.
 */
package dev.nn.tensor;
