package dev.nn.onnx;

import dev.nn.network.Network;
import dev.nn.spi.Layer;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder.ElementType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a trained network as an ONNX model for inference: input {@value #INPUT} ({@code [batch, inputs]}, the raw
 * features as {@code nn predict} reads them), output {@value #OUTPUT} ({@code [batch, outputs]}, what
 * {@code nn predict} prints: class probabilities for a classifier), {@code batch} a symbolic dimension.
 *
 * <p>The graph multiplies the input by the model's input scale (when it is not 1), applies each layer's inference
 * form ({@link OnnxExportable}), and for two classes on one output gives {@code [1 - y, y]}. It imports the
 * standard operator set {@value #OPSET_VERSION}: the first with {@code LayerNormalization}, PyTorch's default export
 * opset, and run by every ONNX Runtime since 1.12 (2022). The file format is IR version {@value #IR_VERSION}, the
 * one that goes with opset 17.
 */
public final class OnnxExport {
    public static final int IR_VERSION = 8;
    public static final int OPSET_VERSION = 17;
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    /**
     * What the model file says about itself.
     *
     * @param graphName the graph's name (the model's)
     * @param producerVersion the platform's version
     * @param docString the model's description
     * @param inputScale the factor applied to raw inputs before the first layer
     * @param twoClassesOnOneOutput whether the single output is the probability of the second of two classes
     * @param inputDoc the input's description
     * @param outputDoc the output's description
     * @param metadata {@code metadata_props}, in order
     */
    public record Description(String graphName, String producerVersion, String docString, double inputScale,
                              boolean twoClassesOnOneOutput, String inputDoc, String outputDoc,
                              Map<String, String> metadata) {
        public Description {
            Objects.requireNonNull(graphName, "graphName is null");
            Objects.requireNonNull(producerVersion, "producerVersion is null");
            Objects.requireNonNull(docString, "docString is null");
            Objects.requireNonNull(inputDoc, "inputDoc is null");
            Objects.requireNonNull(outputDoc, "outputDoc is null");
            metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    private OnnxExport() {
    }

    /**
     * The ONNX model ({@code ModelProto}, serialised) of {@code network} in inference mode.
     *
     * @throws OnnxExportException naming the layer whose layer or activation has no ONNX form, or whose ONNX form
     *     failed
     */
    public static byte[] toBytes(Network network, ElementType elementType, Description description) {
        GraphBuilder graph = new GraphBuilder(elementType, OPSET_VERSION, INPUT);
        String value = INPUT;
        if (description.inputScale() != 1.0) {
            graph.scope("input_scale");
            value = graph.node("Mul", value, graph.constant("value", new long[0], description.inputScale()));
        }
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            graph.scope("layers." + i);
            value = layer(graph, i, layers.get(i), value);
        }
        graph.scope("");
        int outputs = network.outputSize();
        if (description.twoClassesOnOneOutput()) {
            graph.scope("two_classes");
            String first = graph.node("Sub", graph.constant("one", new long[0], 1.0), value);
            value = graph.node("Concat", List.of(first, value), Map.of("axis", 1L));
            outputs = 2;
        }
        if (!graph.renameLastOutput(value, OUTPUT)) {
            graph.scope("");
            String renamed = graph.node("Identity", value);
            graph.renameLastOutput(renamed, OUTPUT);
        }
        return model(graph, network.inputSize(), outputs, description);
    }

    private static String layer(GraphBuilder graph, int index, Layer layer, String input) {
        if (!(layer instanceof OnnxExportable exportable)) {
            throw new OnnxExportException(index, OnnxExportException.Kind.LAYER,
                    "layers[" + index + "] has no ONNX form", null);
        }
        String output;
        try {
            output = exportable.toOnnx(input, graph);
        } catch (RuntimeException e) {
            if (graph.refusedActivation() != null) {
                throw new OnnxExportException(index, OnnxExportException.Kind.ACTIVATION, "layers[" + index
                        + "]: its activation has no ONNX form", e);
            }
            throw new OnnxExportException(index, OnnxExportException.Kind.LAYER,
                    "layers[" + index + "]: its ONNX form failed: " + e.getMessage(), e);
        }
        if (output == null || !graph.holds(output)) {
            throw new OnnxExportException(index, OnnxExportException.Kind.LAYER, "layers[" + index
                    + "]: its ONNX form returned '" + output + "', which is not a value of the graph", null);
        }
        return output;
    }

    private static byte[] model(GraphBuilder graph, int inputs, int outputs, Description description) {
        ProtoMessage body = new ProtoMessage();
        for (GraphBuilder.Node node : graph.nodes()) {
            body.message(1, node(node));
        }
        body.string(2, description.graphName());
        for (GraphBuilder.Initializer initializer : graph.initializers()) {
            ProtoMessage tensor = new ProtoMessage();
            for (long dim : initializer.dims()) {
                tensor.int64(1, dim);
            }
            tensor.int32(2, initializer.dataType()).string(8, initializer.name()).bytes(9, initializer.rawData());
            body.message(5, tensor);
        }
        body.string(10, description.docString());
        body.message(11, valueInfo(INPUT, graph.dataType(), inputs, description.inputDoc()));
        body.message(12, valueInfo(OUTPUT, graph.dataType(), outputs, description.outputDoc()));

        ProtoMessage model = new ProtoMessage()
                .int64(1, IR_VERSION)
                .string(2, "nn")
                .string(3, description.producerVersion())
                .string(4, "dev.nn")
                .int64(5, 1)
                .string(6, description.docString())
                .message(7, body)
                .message(8, new ProtoMessage().string(1, "").int64(2, OPSET_VERSION));
        description.metadata().forEach((key, value) ->
                model.message(14, new ProtoMessage().string(1, key).string(2, value)));
        return model.toByteArray();
    }

    /** {@code ValueInfoProto} of a {@code [batch, width]} tensor. */
    private static ProtoMessage valueInfo(String name, int dataType, int width, String doc) {
        ProtoMessage shape = new ProtoMessage()
                .message(1, new ProtoMessage().string(2, "batch"))
                .message(1, new ProtoMessage().int64(1, width));
        ProtoMessage tensorType = new ProtoMessage().int32(1, dataType).message(2, shape);
        return new ProtoMessage().string(1, name).message(2, new ProtoMessage().message(1, tensorType))
                .string(3, doc);
    }

    private static ProtoMessage node(GraphBuilder.Node node) {
        ProtoMessage message = new ProtoMessage();
        node.inputs().forEach(input -> message.string(1, input));
        node.outputs().forEach(output -> message.string(2, output));
        message.string(3, node.name()).string(4, node.operator());
        node.attributes().forEach((name, value) -> message.message(5, attribute(name, value)));
        return message;
    }

    /** {@code AttributeProto}: name (1), type (20) and the one field of that type. */
    private static ProtoMessage attribute(String name, Object value) {
        ProtoMessage attribute = new ProtoMessage().string(1, name);
        if (value instanceof Float f) {
            attribute.int32(20, 1).float32(2, f);
        } else if (value instanceof Long l) {
            attribute.int32(20, 2).int64(3, l);
        } else if (value instanceof String s) {
            attribute.int32(20, 3).string(4, s);
        } else if (value instanceof float[] floats) {
            attribute.int32(20, 6);
            for (float f : floats) {
                attribute.float32(7, f);
            }
        } else if (value instanceof long[] longs) {
            attribute.int32(20, 7);
            for (long l : longs) {
                attribute.int64(8, l);
            }
        } else {
            throw new IllegalArgumentException("attribute " + name + ": " + value);
        }
        return attribute;
    }
}
