package dev.nn.bench;

import dev.nn.activations.LeakyRelu;
import dev.nn.activations.Relu;
import dev.nn.activations.Sigmoid;
import dev.nn.activations.Softmax;
import dev.nn.activations.Tanh;
import dev.nn.spi.Activation;
import dev.nn.tensor.Tensor;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The activations' forward and backward passes on a batch: {@code 256x1024} is W3's hidden layer, {@code 256x10} its
 * softmax output, {@code 64x256} W2's first hidden layer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC"})
public class ActivationsBenchmark {
    @Param({"relu", "leaky_relu", "sigmoid", "tanh", "softmax"})
    public String activation;

    @Param({"64x256", "256x1024", "256x10"})
    public String shape;

    private Activation function;
    private Tensor input;
    private Tensor output;
    private Tensor gradOutput;
    private Tensor gradInput;

    @Setup
    public void setUp() {
        function = switch (activation) {
            case "relu" -> new Relu();
            case "leaky_relu" -> new LeakyRelu(0.01);
            case "sigmoid" -> new Sigmoid();
            case "tanh" -> new Tanh();
            case "softmax" -> new Softmax();
            default -> throw new IllegalArgumentException(activation);
        };
        String[] sizes = shape.split("x");
        int rows = Integer.parseInt(sizes[0]);
        int columns = Integer.parseInt(sizes[1]);
        Random random = new Random(7);
        input = ProductsBenchmark.random(random, rows, columns);
        gradOutput = ProductsBenchmark.random(random, rows, columns);
        output = Tensor.zeros(rows, columns);
        gradInput = Tensor.zeros(rows, columns);
        function.forward(input, output);
    }

    @Benchmark
    public Tensor forward() {
        function.forward(input, output);
        return output;
    }

    @Benchmark
    public Tensor backward() {
        function.backward(input, output, gradOutput, gradInput);
        return gradInput;
    }
}
