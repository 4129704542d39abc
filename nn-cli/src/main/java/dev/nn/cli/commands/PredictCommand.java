package dev.nn.cli.commands;

import dev.nn.model.TrainedModel;
import dev.nn.cli.support.CommandFiles;
import dev.nn.cli.support.ExitCodes;
import dev.nn.io.AtomicFiles;
import dev.nn.spi.Matrix;
import dev.nn.tensor.DataType;
import dev.nn.train.Evaluator;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nn predict MODEL --input FILE}: runs a trained model on new samples and writes its outputs as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Run a trained model (saved with nn train --save) on the samples in FILE and write one CSV "
                + "row per sample: for a classifier the probability of each class (p_<class>) and the predicted "
                + "class (for one output for two classes: the probability of the second, positive, class only), else the outputs (named as the training data's targets, or y0, y1, ...).",
            "FILE is a CSV file with a header row (the model's feature columns by name, other columns such as the "
                + "label are ignored; a model without feature names takes every column, in order) or an IDX image "
                + "file; either may be gzipped. The model's input_scale is applied, as in training.",
            "A sample whose outputs are NaN or infinite fails the command (exit 1, nothing written) and is named with "
                + "its line, unless --allow-nonfinite is given."})
public final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A trained model (written by nn train --save: FILE.nn or FILE.yaml).")
    Path modelFile;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "The samples: a CSV file with a header row, or an IDX image file.")
    Path input;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the CSV to FILE (atomically) instead of standard output.")
    Path output;

    @Option(names = "--allow-nonfinite",
            description = "Write samples whose outputs are NaN or infinite too (as NaN, Infinity, -Infinity, with an "
                    + "empty predicted class) instead of failing; they are named on standard error.")
    boolean allowNonFinite;

    @Override
    public Integer call() throws IOException {
        new CommandFiles().input("the model", "MODEL", modelFile).input("the input", "--input", input)
                .output("--output", output).check();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TrainedModel model = SpecCommandSupport.loadTrained(common.startPlatform(), modelFile, false, false, err);
        List<Integer> lines = new ArrayList<>();
        Matrix samples = PredictionInput.read(input, model, lines);
        NonFiniteOutputs outputs = NonFiniteOutputs.of(model.model().network(), samples,
                Evaluator.batchSize(model.model().training().batchSize()));
        if (!outputs.allFinite()) {
            String what = model.displayName() + " gives NaN or infinite outputs for " + outputs.nonFinite().size()
                    + " of " + samples.rows() + " samples of " + input + ": " + outputs.describe(lines);
            if (!allowNonFinite) {
                err.println("error: " + what + "; nothing written (to write them anyway, marked, give "
                        + "--allow-nonfinite)");
                err.flush();
                return ExitCodes.FAILURE;
            }
            err.println("warning: " + what + "; written as NaN or Infinity"
                    + (model.classifier() ? " with no predicted class" : "") + " (--allow-nonfinite)");
            err.flush();
        }
        if (output == null) {
            write(model, outputs, out);
            out.flush();
        } else {
            AtomicFiles.write(output, stream -> {
                Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                write(model, outputs, writer);
                writer.flush();
            });
            out.println("wrote " + samples.rows() + " predictions to " + output);
        }
        return ExitCodes.OK;
    }

    /**
     * The header, then one row per sample; a sample with a non-finite output has no predicted class (an empty
     * field). A float32 model's outputs are written as floats ({@code 0.99985492}, not the double of that float,
     * {@code 0.9998549222946167}), each reading back to the same float.
     */
    static void write(TrainedModel model, NonFiniteOutputs outputs, Writer writer) throws IOException {
        boolean float32 = model.model().network().dataType() == DataType.FLOAT32;
        List<String> names = model.binary() ? List.of("p_" + model.classes().get(1))
                : model.classifier() ? model.classes().stream().map(c -> "p_" + c).toList() : model.outputNames();
        StringBuilder line = new StringBuilder();
        for (String name : names) {
            line.append(line.length() == 0 ? "" : ",").append(field(name));
        }
        if (model.classifier()) {
            line.append(",predicted");
        }
        writer.write(line.append('\n').toString());
        double[] values = outputs.values();
        int width = outputs.width();
        for (int r = 0; r < values.length / width; r++) {
            line.setLength(0);
            if (model.binary()) {
                // one output for two classes: the probability of the second (positive); ties go to the first
                double second = values[r];
                line.append(number(second, float32)).append(',')
                        .append(outputs.finite(r) ? field(model.classes().get(second > 0.5 ? 1 : 0)) : "");
                writer.write(line.append('\n').toString());
                continue;
            }
            int best = 0;
            for (int c = 0; c < width; c++) {
                double value = values[r * width + c];
                line.append(c == 0 ? "" : ",").append(number(value, float32));
                if (value > values[r * width + best]) {
                    best = c;
                }
            }
            if (model.classifier()) {
                line.append(',').append(outputs.finite(r) ? field(model.classes().get(best)) : "");
            }
            writer.write(line.append('\n').toString());
        }
    }

    /** {@code value} as a double, or for a float32 model as the float it holds. */
    private static String number(double value, boolean float32) {
        return float32 ? Float.toString((float) value) : Double.toString(value);
    }

    /** A CSV field, quoted when it holds a comma, a quote, a line break or surrounding spaces. */
    static String field(String text) {
        boolean quote = text.isEmpty() || !text.strip().equals(text) || text.chars()
                .anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
