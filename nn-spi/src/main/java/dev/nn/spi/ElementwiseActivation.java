package dev.nn.spi;

import dev.nn.tensor.Tensor;

/**
 * An activation applied to each element on its own: implement {@link #value} and {@link #derivative}, nothing else.
 *
 * <pre>{@code
 * ElementwiseActivation cube = new ElementwiseActivation() {
 *     public double value(double x) { return x * x * x; }
 *     public double derivative(double x) { return 3 * x * x; }
 * };
 * }</pre>
 */
public interface ElementwiseActivation extends Activation {
    /** {@code f(x)}. */
    double value(double x);

    /** {@code f'(x)}; at a kink, either one-sided derivative (conventionally the right one). */
    double derivative(double x);

    @Override
    default void forward(Tensor input, Tensor output) {
        input.requireSameShape(output, "activation output");
        double[] in = input.data();
        double[] out = output.data();
        for (int i = 0; i < in.length; i++) {
            out[i] = value(in[i]);
        }
    }

    @Override
    default void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
        input.requireSameShape(gradOutput, "activation gradient");
        input.requireSameShape(gradInput, "activation input gradient");
        double[] in = input.data();
        double[] gOut = gradOutput.data();
        double[] gIn = gradInput.data();
        for (int i = 0; i < in.length; i++) {
            gIn[i] = gOut[i] * derivative(in[i]);
        }
    }
}
