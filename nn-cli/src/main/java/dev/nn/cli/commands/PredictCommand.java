package dev.nn.cli.commands;

import dev.nn.cli.ExitCodes;
import dev.nn.cli.OutputFiles;
import dev.nn.io.AtomicFiles;
import dev.nn.model.Network;
import dev.nn.spi.Matrix;
import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
                + "class, else the outputs (named as the training data's targets, or y0, y1, ...).",
            "FILE is a CSV file with a header row (the model's feature columns by name, other columns such as the "
                + "label are ignored; a model without feature names takes every column, in order) or an IDX image "
                + "file; either may be gzipped. The model's input_scale is applied, as in training."})
public final class PredictCommand implements Callable<Integer> {
    /** Rows per forward pass. */
    private static final int BATCH = 256;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A trained model (written by nn train --save).")
    Path modelFile;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "The samples: a CSV file with a header row, or an IDX image file.")
    Path input;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the CSV to FILE (atomically) instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        OutputFiles.requireWritable(output, "--output");
        PrintWriter out = spec.commandLine().getOut();
        SavedModel model = SavedModel.load(common.startPlatform(), modelFile, false, spec.commandLine().getErr());
        Matrix samples = PredictionInput.read(input, model);
        if (output == null) {
            write(model, samples, out);
            out.flush();
        } else {
            AtomicFiles.write(output, stream -> {
                Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                write(model, samples, writer);
                writer.flush();
            });
            out.println("wrote " + samples.rows() + " predictions to " + output);
        }
        return ExitCodes.OK;
    }

    /** The header, then one row per sample, the network run {@value #BATCH} rows at a time. */
    static void write(SavedModel model, Matrix samples, Writer writer) throws IOException {
        Network network = model.model().network();
        List<String> names = model.classifier()
                ? model.classes().stream().map(c -> "p_" + c).toList() : model.outputNames();
        StringBuilder line = new StringBuilder();
        for (String name : names) {
            line.append(line.length() == 0 ? "" : ",").append(field(name));
        }
        if (model.classifier()) {
            line.append(",predicted");
        }
        writer.write(line.append('\n').toString());
        int columns = samples.columns();
        Tensor batch = null;
        for (int start = 0; start < samples.rows(); start += BATCH) {
            int size = Math.min(BATCH, samples.rows() - start);
            if (batch == null || batch.rows() != size) {
                batch = Tensor.zeros(size, columns);
            }
            for (int r = 0; r < size; r++) {
                samples.copyRow(start + r, batch.data(), r * columns);
            }
            Tensor outputs = network.forward(batch);
            double[] values = outputs.data();
            int width = outputs.columns();
            for (int r = 0; r < size; r++) {
                line.setLength(0);
                if (model.binary()) {
                    // one output for two classes: the probability of the second; ties go to the first
                    double second = values[r];
                    line.append(1.0 - second).append(',').append(second).append(',')
                            .append(field(model.classes().get(second > 0.5 ? 1 : 0)));
                    writer.write(line.append('\n').toString());
                    continue;
                }
                int best = 0;
                for (int c = 0; c < width; c++) {
                    double value = values[r * width + c];
                    line.append(c == 0 ? "" : ",").append(value);
                    if (value > values[r * width + best]) {
                        best = c;
                    }
                }
                if (model.classifier()) {
                    line.append(',').append(field(model.classes().get(best)));
                }
                writer.write(line.append('\n').toString());
            }
        }
    }

    /** A CSV field, quoted when it holds a comma, a quote, a line break or surrounding spaces. */
    static String field(String text) {
        boolean quote = text.isEmpty() || !text.strip().equals(text) || text.chars()
                .anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
