package dev.nn.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import dev.nn.train.BatchReport;
import dev.nn.train.EpochReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

final class GradientTracerTest {
    private final StringWriter text = new StringWriter();
    private final GradientTracer tracer = new GradientTracer(new PrintWriter(text, true));

    @Test
    void oneBatchPerEpochPrintsTheEpochLossAndEveryGradientFlattenedRowMajor() {
        Parameter w1 = parameter("W1", new double[][] {{1, 2}, {3, 4}});
        Parameter b1 = parameter("b1", new double[][] {{0.5, -0.5}});

        tracer.onBatch(new BatchReport(3, 1, 1, 2, 0.25, List.of(w1, b1)));

        assertEquals("epoch: 3 loss 0.25 W1_grad [1.0, 2.0, 3.0, 4.0] b1_grad [0.5, -0.5]", text.toString().strip());
    }

    @Test
    void severalBatchesPerEpochNameTheBatch() {
        Parameter w2 = parameter("W2", new double[][] {{-1e-5}});

        tracer.onBatch(new BatchReport(2, 3, 4, 8, 1.5, List.of(w2)));

        assertEquals("epoch: 2 batch: 3/4 loss 1.5 W2_grad [-1.0E-5]", text.toString().strip());
    }

    @Test
    void valuesAreWrittenInFull() {
        Parameter b = parameter("b1", new double[][] {{0.1 + 0.2, 1.0 / 3}});

        tracer.onBatch(new BatchReport(1, 1, 1, 1, 0.1 + 0.2, List.of(b)));

        assertEquals("epoch: 1 loss 0.30000000000000004 b1_grad [0.30000000000000004, 0.3333333333333333]",
                text.toString().strip());
    }

    @Test
    void eachBatchIsOneLineAndEpochsPrintNothing() {
        Parameter b = parameter("b1", new double[][] {{1}});

        tracer.onBatch(new BatchReport(1, 1, 2, 1, 1, List.of(b)));
        tracer.onBatch(new BatchReport(1, 2, 2, 1, 2, List.of(b)));
        tracer.onEpoch(new EpochReport(1, 1, 1.5, OptionalDouble.empty()));

        assertEquals(List.of("epoch: 1 batch: 1/2 loss 1.0 b1_grad [1.0]", "epoch: 1 batch: 2/2 loss 2.0 b1_grad [1.0]"),
                text.toString().lines().toList());
    }

    private static Parameter parameter(String name, double[][] gradient) {
        Parameter parameter = new Parameter(name.toLowerCase(java.util.Locale.ROOT), name,
                Tensor.zeros(gradient.length, gradient[0].length));
        parameter.gradient().copyFromInPlace(Tensor.of(gradient));
        return parameter;
    }
}
