package dev.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.network.WidenedActivation;
import dev.nn.random.SplitMix64;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in layer declares float32 and computes it: built in float32 from the same (float) starting values as
 * in float64, a training and an inference forward and a backward give the float64 results to float rounding, the
 * outputs, input gradients, parameter gradients and running statistics all in float32.
 */
final class Float32LayersTest {
    private static final double TOLERANCE = 2e-6;
    private static final int ROWS = 6;
    private static final int SIZE = 5;

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("dense", (Function<DataType, Layer>) type -> new DenseLayer(1, SIZE, 4,
                        type == DataType.FLOAT32 ? WidenedActivation.of(TestComponents.TANH) : TestComponents.TANH,
                        Optional.of(values(4, SIZE, 3)), Optional.of(values(1, 4, 4)), (w, i, o, r) -> { },
                        new SplitMix64(1), type)),
                Arguments.of("activation", (Function<DataType, Layer>) type -> new ActivationLayer(SIZE,
                        type == DataType.FLOAT32 ? WidenedActivation.of(TestComponents.TANH) : TestComponents.TANH)),
                Arguments.of("dropout", (Function<DataType, Layer>) type -> new DropoutLayer(SIZE, 0.3)),
                Arguments.of("batch_norm", (Function<DataType, Layer>) type -> new BatchNormLayer(2, SIZE, 0.2, 1e-3,
                        Optional.of(values(1, SIZE, 5)), Optional.of(values(1, SIZE, 6)),
                        Optional.of(values(1, SIZE, 7)), Optional.of(values(1, SIZE, 8).fillInPlace(0.7)), type)),
                Arguments.of("layer_norm", (Function<DataType, Layer>) type -> new LayerNormLayer(3, SIZE, 1e-5,
                        Optional.of(values(1, SIZE, 9)), Optional.of(values(1, SIZE, 10)), type)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void float32PassesAgreeWithFloat64(String name, Function<DataType, Layer> build) {
        Layer narrow = build.apply(DataType.FLOAT32);
        Layer wide = build.apply(DataType.FLOAT64);
        Tensor x = values(ROWS, SIZE, 1).copyAs(DataType.FLOAT32);
        Tensor gradOutput = values(ROWS, narrow.outputSize(), 2).copyAs(DataType.FLOAT32);

        assertTrue(narrow.supportsFloat32(), name);
        for (ForwardContext.Mode mode : ForwardContext.Mode.values()) {
            boolean training = mode == ForwardContext.Mode.TRAINING;
            Tensor y = narrow.forward(x, training ? ForwardContext.training(new SplitMix64(5))
                    : ForwardContext.inference());
            Tensor wideY = wide.forward(x.copyAs(DataType.FLOAT64), training
                    ? ForwardContext.training(new SplitMix64(5)) : ForwardContext.inference());
            assertClose(wideY, y, name + " " + mode + " output");
            Tensor gradInput = narrow.backward(gradOutput, true);
            Tensor wideGradInput = wide.backward(gradOutput.copyAs(DataType.FLOAT64), true);
            assertClose(wideGradInput, gradInput, name + " " + mode + " input gradient");
            for (int i = 0; i < narrow.parameters().size(); i++) {
                Parameter p = narrow.parameters().get(i);
                assertEquals(DataType.FLOAT32, p.value().dataType(), p.name());
                assertClose(wide.parameters().get(i).gradient(), p.gradient(), name + " " + mode + " " + p.name());
            }
            for (int i = 0; i < narrow.state().size(); i++) {
                StateTensor s = narrow.state().get(i);
                assertClose(wide.state().get(i).value(), s.value(), name + " " + mode + " " + s.name());
            }
        }
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertEquals(DataType.FLOAT32, actual.dataType(), what);
        double scale = 0;
        for (int i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.getFlat(i)));
        }
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getFlat(i);
            double a = actual.getFlat(i);
            assertTrue(Math.abs(a - e) <= TOLERANCE * Math.max(scale, 1e-3), what + " element " + i + ": float32 " + a
                    + ", float64 " + e);
        }
    }

    /** Values in [-1, 1) that are floats, so both types start from the same numbers. */
    private static Tensor values(int rows, int columns, long seed) {
        Random random = new Random(seed);
        Tensor tensor = Tensor.zeros(rows, columns);
        for (int e = 0; e < tensor.size(); e++) {
            tensor.data()[e] = (float) (random.nextDouble() * 2 - 1);
        }
        return tensor;
    }
}
