package dev.nn.cli.commands;

import dev.nn.network.Network;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Matrix;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's outputs for every sample, and the samples whose outputs are not finite (NaN or infinite), which
 * {@code predict} and {@code evaluate} never present as predictions.
 *
 * @param values the outputs, row-major: sample {@code r}'s output {@code c} at {@code r * width + c}
 * @param width the outputs per sample
 * @param nonFinite the 0-based samples with a NaN or infinite output, in order
 */
record NonFiniteOutputs(double[] values, int width, List<Integer> nonFinite) {
    /** How many samples a message names before it counts the rest. */
    static final int NAMED = 10;

    NonFiniteOutputs {
        nonFinite = List.copyOf(nonFinite);
    }

    /**
     * Runs {@code network} on every sample, {@code batch} rows at a time, in the network's own type: a float32
     * network gets float32 batches (each row rounded once, as in training), not float64 ones it would convert.
     */
    static NonFiniteOutputs of(Network network, Matrix samples, int batch) {
        int columns = samples.columns();
        int width = network.outputSize();
        DataType type = network.dataType();
        double[] values = new double[Math.multiplyExact(samples.rows(), width)];
        Tensor inputs = null;
        // One inference series: the same weights for every batch, packed for the products once.
        ForwardContext series = ForwardContext.inferenceOverFixedParameters();
        for (int start = 0; start < samples.rows(); start += batch) {
            int size = Math.min(batch, samples.rows() - start);
            if (inputs == null || inputs.rows() != size) {
                inputs = Tensor.zeros(size, columns, type);
            }
            for (int r = 0; r < size; r++) {
                if (type == DataType.FLOAT64) {
                    samples.copyRow(start + r, inputs.data(), r * columns);
                } else {
                    samples.copyRow(start + r, inputs.floatData(), r * columns);
                }
            }
            Tensor outputs = network.forward(inputs, series);
            if (outputs.isFloat32()) {
                float[] from = outputs.floatData();
                for (int i = 0, at = start * width; i < size * width; i++, at++) {
                    values[at] = from[i];
                }
            } else {
                System.arraycopy(outputs.data(), 0, values, start * width, size * width);
            }
        }
        List<Integer> nonFinite = new ArrayList<>();
        for (int r = 0; r < samples.rows(); r++) {
            for (int c = 0; c < width; c++) {
                if (!Double.isFinite(values[r * width + c])) {
                    nonFinite.add(r);
                    break;
                }
            }
        }
        return new NonFiniteOutputs(values, width, nonFinite);
    }

    /** Whether every output is finite. */
    boolean allFinite() {
        return nonFinite.isEmpty();
    }

    /** Whether sample {@code row}'s outputs are all finite. */
    boolean finite(int row) {
        for (int c = 0; c < width; c++) {
            if (!Double.isFinite(values[row * width + c])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The samples with non-finite outputs, 1-based, with their line in the input file where {@code lines} gives it:
     * {@code samples 3 (line 4), 17 (line 18) (and 40 more)}.
     *
     * @param lines the line of each sample in its file, or empty when not known
     */
    String describe(List<Integer> lines) {
        StringBuilder text = new StringBuilder(nonFinite.size() == 1 ? "sample " : "samples ");
        for (int i = 0; i < Math.min(NAMED, nonFinite.size()); i++) {
            int row = nonFinite.get(i);
            text.append(i == 0 ? "" : ", ").append(row + 1);
            if (row < lines.size()) {
                text.append(" (line ").append(lines.get(row)).append(')');
            }
        }
        if (nonFinite.size() > NAMED) {
            text.append(" (and ").append(nonFinite.size() - NAMED).append(" more)");
        }
        return text.toString();
    }
}
