package dev.nn.it;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An exported ONNX file run in ONNX Runtime (in this JVM, the runtime's own native library): what a user of the
 * file elsewhere would get.
 *
 * @param outputs one row per sample
 * @param inputInfo the graph's inputs by name
 * @param outputInfo the graph's outputs by name
 * @param metadata the model's {@code metadata_props}
 */
record OnnxRuntimeRun(double[][] outputs, Map<String, NodeInfo> inputInfo, Map<String, NodeInfo> outputInfo,
                      Map<String, String> metadata) {

    /** Runs {@code model} on {@code inputs}, given as {@code float} or {@code double} as the graph's input is. */
    static OnnxRuntimeRun run(Path model, double[][] inputs) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = environment.createSession(model.toString(), options)) {
            TensorInfo input = (TensorInfo) session.getInputInfo().get("input").getInfo();
            boolean doubles = input.type == ai.onnxruntime.OnnxJavaType.DOUBLE;
            Object values = doubles ? inputs : toFloats(inputs);
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, values);
                 OrtSession.Result result = session.run(Map.of("input", tensor))) {
                Object output = result.get("output").orElseThrow().getValue();
                double[][] rows = doubles ? (double[][]) output : toDoubles((float[][]) output);
                return new OnnxRuntimeRun(rows, session.getInputInfo(), session.getOutputInfo(),
                        session.getMetadata().getCustomMetadata());
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime cannot run " + model + ": " + e.getMessage(), e);
        }
    }

    /** A {@code metadata_props} value written as a JSON array of strings. */
    List<String> metadataList(String key) {
        String json = metadata.get(key);
        if (json == null) {
            throw new AssertionError("no metadata '" + key + "' in " + metadata);
        }
        try {
            return Arrays.asList(new ObjectMapper().readValue(json, String[].class));
        } catch (java.io.IOException e) {
            throw new AssertionError("metadata '" + key + "' is not a JSON array of strings: " + json, e);
        }
    }

    private static float[][] toFloats(double[][] rows) {
        float[][] floats = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            floats[r] = new float[rows[r].length];
            for (int c = 0; c < rows[r].length; c++) {
                floats[r][c] = (float) rows[r][c];
            }
        }
        return floats;
    }

    private static double[][] toDoubles(float[][] rows) {
        double[][] doubles = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            doubles[r] = new double[rows[r].length];
            for (int c = 0; c < rows[r].length; c++) {
                doubles[r][c] = rows[r][c];
            }
        }
        return doubles;
    }
}
