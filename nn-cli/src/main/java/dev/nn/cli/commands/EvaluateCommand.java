package dev.nn.cli.commands;

import dev.nn.model.TrainedModel;
import com.google.inject.Injector;
import dev.nn.cli.support.ExitCodes;
import dev.nn.cli.support.UserInputException;
import dev.nn.data.DataSet;
import dev.nn.network.Network;
import dev.nn.registry.ComponentRegistry;
import dev.nn.spec.DataSetSpec;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.DataContext;
import dev.nn.spi.DataException;
import dev.nn.spi.DataSource;
import dev.nn.spi.DataTable;
import dev.nn.spi.Matrix;
import dev.nn.spi.ParameterException;
import dev.nn.train.ConfusionMatrix;
import dev.nn.train.Evaluator;
import dev.nn.train.Metrics;
import dev.nn.train.RocAuc;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nn evaluate MODEL --data X}: a trained model's loss and accuracy on labelled data, per-class precision,
 * recall and F1, and the confusion matrix; for a binary model (one sigmoid output for two classes) also the positive
 * class's precision, recall, F1 and ROC AUC; with {@code --json} all of it as one JSON object.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measure a trained model (saved with nn train --save) on labelled data: loss, accuracy, "
                + "per-class precision, recall and F1, and the confusion matrix (rows: true class, columns: "
                + "predicted class); for a binary model (one output for two classes) also the positive (second) "
                + "class's precision, recall, F1 and ROC AUC.",
            "--data is one of the model's own data sets (train, validation or test, as its spec's data section and "
                + "validation_split define them), or a file: a CSV file with a header row holding the model's "
                + "feature columns and the label column, or an IDX image file with --labels.",
            "A sample whose outputs are NaN or infinite fails the command (exit 1) and is named; no metrics are "
                + "shown."})
public final class EvaluateCommand implements Callable<Integer> {
    /** The names {@code --data} takes for the model's own data sets. */
    static final List<String> SECTIONS = List.of("train", "validation", "test");

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A trained model (written by nn train --save: FILE.nn or FILE.yaml).")
    Path modelFile;

    @Option(names = "--data", required = true, paramLabel = "SET-or-FILE",
            description = "train, validation or test (the model's own data sets), or a data file: CSV, or IDX "
                    + "images with --labels. Write ./test for a file named test.")
    String data;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "The IDX label file, when --data is an IDX image file.")
    Path labels;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "The CSV column holding the class; default: the label column the model was trained with.")
    String labelColumn;

    @Option(names = SpecCommandSupport.ALLOW_CHANGED_DATA,
            description = "With --data train, validation or test: use the model's data files even when they changed "
                    + "since it was trained (their SHA-256 differs from the provenance's), with a warning.")
    boolean allowChangedData;

    @Option(names = "--json",
            description = "Print the metrics as one JSON object instead of text (shape in docs/models.md, Evaluate).")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean section = SECTIONS.contains(data);
        if (section && (labels != null || labelColumn != null)) {
            throw new UserInputException("--data " + data + " is the model's own " + data + " set; --labels and "
                    + "--label apply only to a data file");
        }
        Injector injector = common.startPlatform();
        TrainedModel model = SpecCommandSupport.loadTrained(injector, modelFile, section, allowChangedData, err);
        DataSet set;
        String source;
        if (section) {
            set = section(model);
            source = "its " + data + " set";
        } else {
            set = file(injector.getInstance(ComponentRegistry.class), model, Path.of(data));
            source = data + (labels == null ? "" : " and " + labels);
        }
        Network network = model.model().network();
        int batch = Evaluator.batchSize(model.model().training().batchSize());
        NonFiniteOutputs outputs = NonFiniteOutputs.of(network, set.inputs(), batch);
        if (!outputs.allFinite()) {
            err.println("error: " + model.displayName() + " gives NaN or infinite outputs for "
                    + outputs.nonFinite().size() + " of " + set.size() + " samples of " + source + ": "
                    + outputs.describe(List.of()) + "; no metrics computed");
            err.flush();
            return ExitCodes.FAILURE;
        }
        Metrics metrics = new Evaluator(network, batch).evaluate(set);
        boolean classified = model.classifier() && set.labelled();
        ConfusionMatrix matrix = classified ? ConfusionMatrix.of(network, set, model.classes(), batch) : null;
        double rocAuc = classified && model.binary() ? rocAuc(outputs.values(), set.targets()) : Double.NaN;
        if (json) {
            printJson(out, model, source, set.size(), metrics, matrix, rocAuc);
            return ExitCodes.OK;
        }
        out.printf(Locale.ROOT, "evaluated %s (%s) on %s: %d samples%n", model.model().name(),
                SpecCommandSupport.shape(model.model()), source, set.size());
        out.printf(Locale.ROOT, "loss      %.10f%n", metrics.loss());
        if (!classified) {
            out.println("(not a classifier with class labels: no accuracy or confusion matrix)");
            out.flush();
            return ExitCodes.OK;
        }
        out.printf(Locale.ROOT, "accuracy  %.4f (%d of %d)%n", metrics.accuracy().orElse(matrix.accuracy()),
                matrix.correct(), matrix.total());
        if (model.binary()) {
            out.printf(Locale.ROOT, "positive class '%s': precision %s  recall %s  f1 %s  roc_auc %s%n",
                    matrix.classes().get(1), ratio(matrix.precision(1)), ratio(matrix.recall(1)),
                    ratio(matrix.f1(1)), ratio(rocAuc));
        }
        out.println();
        printPerClass(out, matrix);
        out.println();
        printMatrix(out, matrix);
        out.flush();
        return ExitCodes.OK;
    }

    /** ROC AUC of a one-output binary model: the output is the positive class's score, a target of 1 positive. */
    private static double rocAuc(double[] outputs, Matrix targets) {
        boolean[] positive = new boolean[targets.rows()];
        double[] row = new double[1];
        for (int r = 0; r < positive.length; r++) {
            targets.copyRow(r, row, 0);
            positive[r] = row[0] == 1.0;
        }
        return RocAuc.of(outputs, positive);
    }

    /** The stable JSON shape documented in docs/models.md (Evaluate); ratios without a denominator are {@code null}. */
    private static void printJson(PrintWriter out, TrainedModel model, String source, int samples, Metrics metrics,
                                  ConfusionMatrix matrix, double rocAuc) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", model.model().name());
        root.put("data", source);
        root.put("samples", samples);
        root.put("loss", number(metrics.loss()));
        root.put("accuracy", matrix == null ? null : number(metrics.accuracy().orElse(matrix.accuracy())));
        root.put("classes", matrix == null ? List.of() : matrix.classes());
        List<Object> perClass = new ArrayList<>();
        List<Object> counts = null;
        if (matrix != null) {
            counts = new ArrayList<>();
            for (int c = 0; c < matrix.classes().size(); c++) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("class", matrix.classes().get(c));
                entry.put("precision", number(matrix.precision(c)));
                entry.put("recall", number(matrix.recall(c)));
                entry.put("f1", number(matrix.f1(c)));
                entry.put("support", matrix.support(c));
                perClass.add(entry);
                List<Long> row = new ArrayList<>();
                for (int p = 0; p < matrix.classes().size(); p++) {
                    row.add(matrix.count(c, p));
                }
                counts.add(row);
            }
        }
        root.put("per_class", perClass);
        root.put("confusion_matrix", counts);
        Map<String, Object> binary = null;
        if (matrix != null && model.binary()) {
            binary = new LinkedHashMap<>();
            binary.put("positive_class", matrix.classes().get(1));
            binary.put("precision", number(matrix.precision(1)));
            binary.put("recall", number(matrix.recall(1)));
            binary.put("f1", number(matrix.f1(1)));
            binary.put("roc_auc", number(rocAuc));
        }
        root.put("binary", binary);
        try {
            out.println(new ObjectMapper().writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the metrics as JSON", e);
        }
        out.flush();
    }

    private static Double number(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private DataSet section(TrainedModel model) {
        Optional<DataSet> set = switch (data) {
            case "train" -> model.model().data().train();
            case "validation" -> model.model().data().validation();
            default -> model.model().data().test();
        };
        if (set.isEmpty()) {
            List<String> present = new ArrayList<>();
            model.model().data().train().ifPresent(d -> present.add("train"));
            model.model().data().validation().ifPresent(d -> present.add("validation"));
            model.model().data().test().ifPresent(d -> present.add("test"));
            throw new UserInputException(model.displayName() + " has no " + data + " set"
                    + (data.equals("validation") ? " (neither data.validation nor training.validation_split)" : "")
                    + (present.isEmpty() ? "; it has no data sets: give a data file with --data FILE"
                    : " (it has " + String.join(", ", present) + "); give one of those, or a data file with "
                    + "--data FILE"));
        }
        return set.get();
    }

    /** Reads a data file with the platform's own csv or idx format, encoded for the model's classes and scaling. */
    private DataSet file(ComponentRegistry registry, TrainedModel model, Path file) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        String format;
        if (labels != null) {
            format = "idx";
            parameters.put("images", file.toString());
            parameters.put("labels", labels.toString());
        } else {
            format = "csv";
            parameters.put("path", file.toString());
            Optional<DataSetSpec> training = model.trainingData().filter(t -> "csv".equals(t.format()));
            if (labelColumn != null) {
                parameters.put("label", labelColumn);
            } else if (training.isPresent() && training.get().parameters().get("label") != null) {
                parameters.put("label", training.get().parameters().get("label"));
            } else if (training.isPresent() && training.get().parameters().get("targets") != null) {
                parameters.put("targets", training.get().parameters().get("targets"));
            } else {
                throw new UserInputException("--data " + file + ": the model's training data names no label column; "
                        + "give it with --label COLUMN (or, for IDX images, the label file with --labels FILE)");
            }
            if (!model.features().isEmpty()) {
                parameters.put("features", model.features());
            }
        }
        parameters.put("scale", model.inputScale());
        DataTable table = read(registry, format, parameters, model, file);
        Network network = model.model().network();
        if (table.inputs().columns() != network.inputSize()) {
            throw new UserInputException("--data " + file + ": the data has " + table.inputs().columns()
                    + " input values per sample but the model takes " + network.inputSize());
        }
        Matrix targets = model.binary() && table.targets().columns() == 2
                ? DataSet.binaryTargets(table.targets()) : table.targets();
        if (targets.columns() != network.outputSize()) {
            throw new UserInputException("--data " + file + ": the data has " + targets.columns()
                    + " target values per sample but the model has " + network.outputSize() + " outputs");
        }
        return new DataSet(table.inputs(), targets, table.classNames());
    }

    private static DataTable read(ComponentRegistry registry, String format, Map<String, Object> parameters,
                                  TrainedModel model, Path file) {
        try {
            DataSource source = registry.dataSource(format).create(new ComponentParameters(parameters));
            Path directory = Path.of("").toAbsolutePath();
            return source.read(new DataContext(directory, model.classifier() ? model.classes() : List.of()));
        } catch (DataException e) {
            throw new UserInputException(e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new UserInputException(e.getFile() + ": " + (e.getReason() == null ? "no such file" : e.getReason()),
                    e);
        } catch (ParameterException e) {
            throw new UserInputException("--data " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserInputException("--data " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** One row per class: precision, recall, F1 and support, aligned; "-" where a ratio has no denominator. */
    static void printPerClass(PrintWriter out, ConfusionMatrix matrix) {
        int nameWidth = Math.max("class".length(), matrix.classes().stream().mapToInt(String::length).max().orElse(0));
        out.printf(Locale.ROOT, "%-" + nameWidth + "s  %9s  %9s  %9s  %9s%n", "class", "precision", "recall", "f1",
                "support");
        for (int c = 0; c < matrix.classes().size(); c++) {
            out.printf(Locale.ROOT, "%-" + nameWidth + "s  %9s  %9s  %9s  %9d%n", matrix.classes().get(c),
                    ratio(matrix.precision(c)), ratio(matrix.recall(c)), ratio(matrix.f1(c)), matrix.support(c));
        }
    }

    /** The matrix with class names along both sides: rows are the true class, columns the predicted class. */
    static void printMatrix(PrintWriter out, ConfusionMatrix matrix) {
        List<String> classes = matrix.classes();
        int nameWidth = classes.stream().mapToInt(String::length).max().orElse(0);
        int[] widths = new int[classes.size()];
        for (int c = 0; c < classes.size(); c++) {
            widths[c] = Math.max(classes.get(c).length(), Long.toString(matrix.predicted(c)).length());
        }
        out.println("confusion matrix (rows: true class, columns: predicted class)");
        StringBuilder header = new StringBuilder(" ".repeat(nameWidth));
        for (int c = 0; c < classes.size(); c++) {
            header.append("  ").append(String.format(Locale.ROOT, "%" + widths[c] + "s", classes.get(c)));
        }
        out.println(header);
        for (int r = 0; r < classes.size(); r++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s", classes.get(r)));
            for (int c = 0; c < classes.size(); c++) {
                row.append("  ").append(String.format(Locale.ROOT, "%" + widths[c] + "d", matrix.count(r, c)));
            }
            out.println(row);
        }
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
