package dev.nn.cli.output;

import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import dev.nn.train.BatchReport;
import dev.nn.train.TrainingListener;
import java.io.PrintWriter;

/**
 * Prints each batch's loss and every parameter's gradient flattened row-major, as the document's notebook does:
 * {@code epoch: 1 loss 0.15... W1_grad [...] b1_grad [...]}. With one batch per epoch that is one line per epoch;
 * otherwise the batch is named too. Values are written in full ({@link Double#toString}).
 */
public final class GradientTracer implements TrainingListener {
    private final PrintWriter out;

    public GradientTracer(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onBatch(BatchReport report) {
        StringBuilder line = new StringBuilder("epoch: ").append(report.epoch());
        if (report.batches() > 1) {
            line.append(" batch: ").append(report.batch()).append('/').append(report.batches());
        }
        line.append(" loss ").append(report.loss());
        for (Parameter parameter : report.parameters()) {
            line.append(' ').append(parameter.name()).append("_grad [");
            Tensor gradient = parameter.gradient();
            for (int i = 0; i < gradient.size(); i++) {
                if (i > 0) {
                    line.append(", ");
                }
                if (gradient.isFloat32()) {
                    line.append(gradient.floatData()[i]);
                } else {
                    line.append(gradient.data()[i]);
                }
            }
            line.append(']');
        }
        out.println(line);
        out.flush();
    }
}
