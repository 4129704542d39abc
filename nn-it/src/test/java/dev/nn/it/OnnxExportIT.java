package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.TensorInfo;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nn export} writes files that ONNX Runtime 1.20 loads and runs, and that give what {@code nn predict} prints
 * for the same raw inputs: within 1e-5 relative in float32, 1e-12 in float64. The expected numbers are
 * {@code nn predict}'s (whose arithmetic the golden tests check against numpy and PyTorch); the ONNX side is computed
 * by ONNX Runtime's own kernels, independently of this platform.
 */
final class OnnxExportIT {
    private static final double FLOAT32_TOLERANCE = 1e-5;
    private static final double FLOAT64_TOLERANCE = 1e-12;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int FASHION_IMAGES = 1000;

    @TempDir
    static Path shared;
    private static Path irisModel;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainIris() {
        irisModel = shared.resolve("iris-model.yaml");
        NnProcess.Result train = NnProcess.inRepository().run("train", "examples/iris.yaml", "--save",
                irisModel.toString());
        assertEquals(0, train.exitCode(), train::describe);
    }

    @Test
    void irisInFloat32GivesPredictsProbabilities() throws IOException {
        Path csv = NnProcess.repository().resolve("examples/data/iris.csv");
        assertExportMatchesPredict(irisModel, csv, csvInputs(csv, irisFeatures()), false, FLOAT32_TOLERANCE);
    }

    @Test
    void irisInFloat64GivesPredictsProbabilities() throws IOException {
        Path csv = NnProcess.repository().resolve("examples/data/iris.csv");
        assertExportMatchesPredict(irisModel, csv, csvInputs(csv, irisFeatures()), true, FLOAT64_TOLERANCE);
    }

    @Test
    void theFileNamesItsInputOutputBatchClassesAndFeatures() throws IOException {
        Path onnx = export(irisModel, false);
        OnnxRuntimeRun run = OnnxRuntimeRun.run(onnx, new double[][] {{5.1, 3.5, 1.4, 0.2}});

        TensorInfo input = (TensorInfo) run.inputInfo().get("input").getInfo();
        TensorInfo output = (TensorInfo) run.outputInfo().get("output").getInfo();
        assertEquals(List.of("input"), List.copyOf(run.inputInfo().keySet()));
        assertEquals(List.of("output"), List.copyOf(run.outputInfo().keySet()));
        assertEquals("[-1, 4]", Arrays.toString(input.getShape()));
        assertEquals("[-1, 3]", Arrays.toString(output.getShape()));
        // the symbolic dimension's name is shown only by toString in this version of the Java API
        assertTrue(input.toString().contains("dimNames=[batch,"), input::toString);
        assertTrue(output.toString().contains("dimNames=[batch,"), output::toString);
        assertEquals(ai.onnxruntime.OnnxJavaType.FLOAT, input.type);
        assertEquals(List.of("setosa", "versicolor", "virginica"), run.metadataList("classes"));
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
                run.metadataList("features"));
        assertEquals(List.of("p_setosa", "p_versicolor", "p_virginica"), run.metadataList("outputs"));
        assertEquals("1.0", run.metadata().get("input_scale"));
    }

    @Test
    void fashionMnistWithBatchNormAndDropoutAgreesInBothPrecisions() throws IOException {
        assumeTrue(FashionMnistIT.installed(), "Fashion-MNIST is not installed in " + FashionMnistIT.DATA);
        Path model = dir.resolve("fashion-model.yaml");
        NnProcess.Result train = NnProcess.in(NnProcess.testResources("fashion")).timeout(TIMEOUT)
                .run("train", "fashion-mnist-regularised-short.yaml", "--save", model.toString());
        assertEquals(0, train.exitCode(), train::describe);
        Path images = dir.resolve("images-idx3-ubyte");
        double[][] raw = firstImages(FashionMnistIT.DATA.resolve("t10k-images-idx3-ubyte.gz"), FASHION_IMAGES,
                images);

        OnnxRuntimeRun run = assertExportMatchesPredict(model, images, raw, false, FLOAT32_TOLERANCE);
        assertExportMatchesPredict(model, images, raw, true, FLOAT64_TOLERANCE);
        assertEquals(FashionMnistIT.CLASSES, run.metadataList("classes"));
        assertEquals(Double.toString(1 / 255.0), run.metadata().get("input_scale"), "the raw pixels go in");
    }

    @Test
    void everyBuiltInLayerAndActivationAgreesInBothPrecisions() throws IOException {
        Path model = train(NnProcess.testResources("onnx").resolve("every-layer.yaml"));
        Path csv = NnProcess.testResources("onnx").resolve("every-layer-inputs.csv");
        double[][] inputs = csvInputs(csv, List.of("x0", "x1", "x2"));

        assertExportMatchesPredict(model, csv, inputs, false, FLOAT32_TOLERANCE);
        assertExportMatchesPredict(model, csv, inputs, true, FLOAT64_TOLERANCE);
    }

    @Test
    void sigmoidKeepsTheRelativePrecisionOfSmallOutputsInBothPrecisions() throws IOException {
        Path model = NnProcess.testResources("onnx").resolve("sigmoid.yaml");
        Path csv = NnProcess.testResources("onnx").resolve("sigmoid-inputs.csv");
        double[][] inputs = csvInputs(csv, List.of("x"));

        assertExportMatchesPredict(model, csv, inputs, false, FLOAT32_TOLERANCE);
        assertExportMatchesPredict(model, csv, inputs, true, FLOAT64_TOLERANCE);
    }

    @Test
    void twoClassesOnOneSigmoidOutputGiveBothProbabilities() throws IOException {
        Path model = dir.resolve("binary-model.yaml");
        NnProcess.Result train = NnProcess.in(GoldenValues.folder()).run("train", "csv_binary_sigmoid.yaml",
                "--save", model.toString());
        assertEquals(0, train.exitCode(), train::describe);
        Path csv = GoldenValues.folder().resolve("csv_binary_label.csv");
        List<String> header = List.of(Files.readAllLines(csv).get(0).split(","));
        double[][] inputs = csvInputs(csv, header.subList(0, header.size() - 1));

        OnnxRuntimeRun run = assertExportMatchesPredict(model, csv, inputs, false, FLOAT32_TOLERANCE);
        assertExportMatchesPredict(model, csv, inputs, true, FLOAT64_TOLERANCE);
        assertEquals(List.of("no", "yes"), run.metadataList("classes"));
        assertEquals(2, run.outputs()[0].length);
    }

    @Test
    void theExamplePluginsActivationsAndLayerAgreeInBothPrecisions() throws IOException {
        Path plugins = dir.resolve("plugins");
        PluginJars.copyExamplePlugin(plugins);
        Path model = train(NnProcess.testResources("onnx").resolve("example-plugin.yaml"), "--plugins",
                plugins.toString());
        Path csv = NnProcess.testResources("onnx").resolve("every-layer-inputs.csv");
        double[][] inputs = csvInputs(csv, List.of("x0", "x1", "x2"));

        assertExportMatchesPredict(model, csv, inputs, false, FLOAT32_TOLERANCE, "--plugins", plugins.toString());
        assertExportMatchesPredict(model, csv, inputs, true, FLOAT64_TOLERANCE, "--plugins", plugins.toString());
    }

    @Test
    void aPluginActivationWithoutAnOnnxFormIsRefusedNamingItsLayerAndJar() throws IOException {
        Path plugins = dir.resolve("plugins");
        PluginJars.builder()
                .source("com.example.CubeProvider", PluginSupport.activation("com.example.CubeProvider", "cube",
                        "x * x * x", "3 * x * x"))
                .service(PluginJars.ACTIVATION_PROVIDER, "com.example.CubeProvider")
                .write(plugins.resolve("cube.jar"));
        Path spec = PluginJars.writeText(dir.resolve("cube.yaml"), PluginSupport.spec("cube", "mse"));
        Path model = train(spec, "--plugins", plugins.toString());
        Path onnx = dir.resolve("cube.onnx");

        NnProcess.Result export = NnProcess.in(dir).run("export", model.toString(), "-o", onnx.toString(),
                "--plugins", plugins.toString());

        assertEquals(2, export.exitCode(), export::describe);
        assertEquals(List.of("error: " + model + ": layers[0]: activation 'cube' (plugin cube.jar) has no ONNX form "
                + "(it does not implement dev.nn.spi.OnnxExportable), so the model cannot be exported; nothing "
                + "written"), PluginSupport.platformStderr(export), export::describe);
        assertFalse(Files.exists(onnx));
    }

    @Test
    void aPluginLayerWithoutAnOnnxFormIsRefusedNamingItsLayerAndJar() throws IOException {
        Path plugins = dir.resolve("plugins");
        PluginJars.builder()
                .source("com.example.GainProvider", """
                        package com.example;

                        import dev.nn.spi.ForwardContext;
                        import dev.nn.spi.Layer;
                        import dev.nn.spi.LayerContext;
                        import dev.nn.spi.LayerProvider;
                        import dev.nn.spi.Parameter;
                        import dev.nn.tensor.Tensor;
                        import java.util.List;

                        public final class GainProvider implements LayerProvider {
                            @Override
                            public String name() {
                                return "gain";
                            }

                            @Override
                            public Layer create(LayerContext context) {
                                int n = context.inputSize();
                                return new Layer() {
                                    public int inputSize() { return n; }
                                    public int outputSize() { return n; }
                                    public List<Parameter> parameters() { return List.of(); }
                                    public Tensor forward(Tensor x, ForwardContext c) { return x.copy(); }
                                    public Tensor backward(Tensor g, boolean inputGradientNeeded) { return g.copy(); }
                                };
                            }
                        }
                        """)
                .service("dev.nn.spi.LayerProvider", "com.example.GainProvider")
                .manifest(PluginJars.SPI_VERSION, "2")
                .write(plugins.resolve("gain.jar"));
        Path spec = PluginJars.writeText(dir.resolve("gain.yaml"), """
                input: 2
                layers:
                  - {units: 2, activation: tanh}
                  - {type: gain}
                  - {units: 1}
                loss: mse
                optimizer: {name: sgd, learning_rate: 0.1}
                training: {epochs: 3}
                data:
                  train:
                    inputs: [[0.5, 1.0], [1.0, -0.5]]
                    targets: [[1.0], [0.0]]
                """);
        Path model = train(spec, "--plugins", plugins.toString());
        Path onnx = dir.resolve("gain.onnx");

        NnProcess.Result export = NnProcess.in(dir).run("export", model.toString(), "-o", onnx.toString(),
                "--plugins", plugins.toString());

        assertEquals(2, export.exitCode(), export::describe);
        assertEquals(List.of("error: " + model + ": layers[1]: layer 'gain' (plugin gain.jar) has no ONNX form (it "
                + "does not implement dev.nn.spi.OnnxExportable), so the model cannot be exported; nothing written"),
                PluginSupport.platformStderr(export), export::describe);
        assertFalse(Files.exists(onnx));
    }

    @Test
    void theModelIsNeverTheOutput() {
        NnProcess.Result export = NnProcess.in(dir).run("export", irisModel.toString(), "-o", irisModel.toString());

        assertEquals(2, export.exitCode(), export::describe);
        assertTrue(export.stderr().contains("refusing to overwrite an input"), export::describe);
    }

    private OnnxRuntimeRun assertExportMatchesPredict(Path model, Path input, double[][] inputs, boolean float64,
                                                      double tolerance, String... options) throws IOException {
        Path onnx = export(model, float64, options);
        Path predictions = dir.resolve("predictions-" + (float64 ? "64" : "32") + ".csv");
        List<String> predict = new ArrayList<>(List.of("predict", model.toString(), "--input", input.toString(),
                "--output", predictions.toString()));
        predict.addAll(List.of(options));
        NnProcess.Result run = NnProcess.in(dir).timeout(TIMEOUT).run(predict.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run::describe);
        List<double[]> expected = PredictOutputs.predictions(Files.readString(predictions)).outputs();

        OnnxRuntimeRun onnxRun = OnnxRuntimeRun.run(onnx, inputs);
        if (!expected.isEmpty() && expected.get(0).length == 1 && onnxRun.outputs()[0].length == 2) {
            // two classes on one sigmoid output: predict prints p_<second class>; the graph gives both, 1 - p and p
            expected = expected.stream().map(row -> new double[] {1.0 - row[0], row[0]}).toList();
        }

        assertEquals(expected.size(), onnxRun.outputs().length, "rows");
        double worst = 0;
        String where = "";
        for (int r = 0; r < expected.size(); r++) {
            assertEquals(expected.get(r).length, onnxRun.outputs()[r].length, "row " + r + "'s outputs");
            for (int c = 0; c < expected.get(r).length; c++) {
                double want = expected.get(r)[c];
                double got = onnxRun.outputs()[r][c];
                double error = Math.abs(got - want) / Math.max(Math.abs(want), Double.MIN_NORMAL);
                if (!(error <= worst)) {
                    worst = error;
                    where = "row " + r + ", column " + c + ": ONNX Runtime " + got + ", nn predict " + want;
                }
            }
        }
        System.out.printf(Locale.ROOT, "OnnxExportIT: %s %s: %d x %d outputs, worst relative error %.3e (%s)%n",
                model.getFileName(), float64 ? "float64" : "float32", expected.size(), expected.get(0).length, worst,
                where);
        assertTrue(worst <= tolerance, model.getFileName() + " " + (float64 ? "float64" : "float32")
                + ": worst relative error " + worst + " > " + tolerance + " at " + where);
        return onnxRun;
    }

    private Path export(Path model, boolean float64, String... options) {
        Path onnx = dir.resolve(model.getFileName() + (float64 ? ".f64" : ".f32") + ".onnx");
        List<String> args = new ArrayList<>(List.of("export", model.toString(), "-o", onnx.toString()));
        if (float64) {
            args.add("--float64");
        }
        args.addAll(List.of(options));
        NnProcess.Result export = NnProcess.in(dir).timeout(TIMEOUT).run(args.toArray(String[]::new));
        assertEquals(0, export.exitCode(), export::describe);
        assertTrue(export.stdout().startsWith("wrote " + onnx + " (ONNX opset 17, " + (float64 ? "float64" : "float32")),
                export::describe);
        return onnx;
    }

    private Path train(Path spec, String... options) {
        Path model = dir.resolve(spec.getFileName().toString().replace(".yaml", "-model.yaml"));
        List<String> args = new ArrayList<>(List.of("train", spec.toString(), "--save", model.toString()));
        args.addAll(List.of(options));
        NnProcess.Result train = NnProcess.in(dir).timeout(TIMEOUT).run(args.toArray(String[]::new));
        assertEquals(0, train.exitCode(), train::describe);
        return model;
    }

    private static List<String> irisFeatures() {
        return List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
    }

    /** The columns {@code features} of a CSV file with a header row, as numbers. */
    private static double[][] csvInputs(Path csv, List<String> features) throws IOException {
        List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).toList();
        List<String> header = List.of(lines.get(0).split(","));
        double[][] rows = new double[lines.size() - 1][features.size()];
        for (int r = 1; r < lines.size(); r++) {
            String[] fields = lines.get(r).split(",");
            for (int c = 0; c < features.size(); c++) {
                rows[r - 1][c] = Double.parseDouble(fields[header.indexOf(features.get(c))]);
            }
        }
        return rows;
    }

    /** The first {@code count} images of a gzipped IDX file as raw pixels, also written to {@code copy}. */
    private static double[][] firstImages(Path images, int count, Path copy) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(images)));
             DataOutputStream out = new DataOutputStream(Files.newOutputStream(copy))) {
            int magic = in.readInt();
            assertEquals(0x00000803, magic, "IDX magic of " + images);
            in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            out.writeInt(magic);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(columns);
            double[][] pixels = new double[count][rows * columns];
            byte[] image = new byte[rows * columns];
            for (int i = 0; i < count; i++) {
                in.readFully(image);
                out.write(image);
                for (int p = 0; p < image.length; p++) {
                    pixels[i][p] = image[p] & 0xff;
                }
            }
            return pixels;
        }
    }
}
