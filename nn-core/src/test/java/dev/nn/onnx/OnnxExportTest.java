package dev.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.layers.ActivationLayer;
import dev.nn.layers.DenseLayer;
import dev.nn.layers.DropoutLayer;
import dev.nn.network.Network;
import dev.nn.random.SplitMix64;
import dev.nn.spi.ElementwiseActivation;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.OnnxGraphBuilder.ElementType;
import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The ONNX file as a protobuf reader sees it, decoded field by field with protobuf-java's {@code CodedInputStream}.
 * The field numbers are those of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto), written out here on their own so
 * that a wrong number in the writer fails.
 */
final class OnnxExportTest {
    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_METADATA_PROPS = 14;
    // OperatorSetIdProto, StringStringEntryProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final long ATTRIBUTE_TYPE_INT = 2;
    // TensorProto
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final long FLOAT = 1;
    private static final long DOUBLE = 11;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, Dimension
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private static final double[][] WEIGHTS = {{0.1, -0.2}, {0.3, 0.4}, {-0.5, 0.6}};
    private static final double[] BIAS = {0.01, 0.02, -0.03};

    @Test
    void theModelNamesItsIrVersionOpsetProducerAndMetadata() {
        byte[] bytes = OnnxExport.toBytes(network(), ElementType.FLOAT, description(1.0, false));

        // field 1 (ir_version), wire type 0: tag byte 0x08, then the varint 8
        assertEquals(0x08, bytes[0]);
        assertEquals(0x08, bytes[1]);
        ProtoFields model = new ProtoFields(bytes);
        assertEquals(8, model.varint(MODEL_IR_VERSION));
        assertEquals("nn", model.string(MODEL_PRODUCER_NAME));
        ProtoFields opset = model.message(MODEL_OPSET_IMPORT);
        assertEquals("", opset.string(OPSET_DOMAIN));
        assertEquals(17, opset.varint(OPSET_VERSION));
        List<ProtoFields> entries = model.messages(MODEL_METADATA_PROPS);
        assertEquals(List.of("classes", "features"), entries.stream().map(e -> e.string(ENTRY_KEY)).toList());
        assertEquals("[\"a\",\"b\",\"c\"]", entries.get(0).string(ENTRY_VALUE));
        assertEquals("tiny", model.message(MODEL_GRAPH).string(GRAPH_NAME));
    }

    @Test
    void theInputAndOutputAreFloatMatricesWithASymbolicBatch() {
        ProtoFields graph = graph(ElementType.FLOAT, 1.0, false);

        assertValueInfo(graph.message(GRAPH_INPUT), "input", FLOAT, 2);
        assertValueInfo(graph.message(GRAPH_OUTPUT), "output", FLOAT, 3);
    }

    @Test
    void aDenseLayerIsAGemmOnTheTransposedWeightsFollowedByItsActivation() {
        ProtoFields graph = graph(ElementType.FLOAT, 1.0, false);

        List<ProtoFields> nodes = graph.messages(GRAPH_NODE);
        assertEquals(List.of("Gemm", "Tanh"), nodes.stream().map(n -> n.string(NODE_OP_TYPE)).toList());
        ProtoFields gemm = nodes.get(0);
        assertEquals(List.of("input", "layers.0.weights", "layers.0.bias"), gemm.strings(NODE_INPUT));
        ProtoFields transB = gemm.message(NODE_ATTRIBUTE);
        assertEquals("transB", transB.string(ATTRIBUTE_NAME));
        assertEquals(ATTRIBUTE_TYPE_INT, transB.varint(ATTRIBUTE_TYPE));
        assertEquals(1, transB.varint(ATTRIBUTE_I));
        assertEquals(gemm.strings(NODE_OUTPUT), nodes.get(1).strings(NODE_INPUT));
        assertEquals(List.of("output"), nodes.get(1).strings(NODE_OUTPUT));
    }

    @Test
    void weightsAreStoredAsLittleEndianFloatsInTheirOwnLayout() {
        ProtoFields weights = initializer(graph(ElementType.FLOAT, 1.0, false), "layers.0.weights");

        assertEquals(List.of(3L, 2L), weights.varints(TENSOR_DIMS));
        assertEquals(FLOAT, weights.varint(TENSOR_DATA_TYPE));
        ByteBuffer raw = ByteBuffer.wrap(weights.bytes(TENSOR_RAW_DATA)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(6 * 4, raw.remaining());
        for (double[] row : WEIGHTS) {
            for (double w : row) {
                assertEquals((float) w, raw.getFloat());
            }
        }
        ProtoFields bias = initializer(graph(ElementType.FLOAT, 1.0, false), "layers.0.bias");
        assertEquals(List.of(3L), bias.varints(TENSOR_DIMS), "the bias is a vector, as PyTorch writes it");
    }

    @Test
    void float64KeepsEveryBitOfTheWeights() {
        ProtoFields graph = graph(ElementType.DOUBLE, 1.0, false);
        ProtoFields weights = initializer(graph, "layers.0.weights");

        assertEquals(DOUBLE, weights.varint(TENSOR_DATA_TYPE));
        ByteBuffer raw = ByteBuffer.wrap(weights.bytes(TENSOR_RAW_DATA)).order(ByteOrder.LITTLE_ENDIAN);
        for (double[] row : WEIGHTS) {
            for (double w : row) {
                assertEquals(Double.doubleToRawLongBits(w), raw.getLong());
            }
        }
        assertValueInfo(graph.message(GRAPH_INPUT), "input", DOUBLE, 2);
    }

    @Test
    void theInputScaleIsAppliedFirstInsideTheGraph() {
        ProtoFields graph = graph(ElementType.DOUBLE, 1.0 / 255, false);

        ProtoFields first = graph.messages(GRAPH_NODE).get(0);
        assertEquals("Mul", first.string(NODE_OP_TYPE));
        assertEquals("input", first.strings(NODE_INPUT).get(0));
        ProtoFields scale = initializer(graph, first.strings(NODE_INPUT).get(1));
        assertEquals(List.of(), scale.varints(TENSOR_DIMS), "a scalar");
        assertEquals(1.0 / 255, ByteBuffer.wrap(scale.bytes(TENSOR_RAW_DATA)).order(ByteOrder.LITTLE_ENDIAN)
                .getDouble());
        assertEquals(first.strings(NODE_OUTPUT), graph.messages(GRAPH_NODE).get(1).strings(NODE_INPUT).subList(0, 1));
    }

    @Test
    void twoClassesOnOneOutputGiveTheProbabilityOfEach() {
        Network network = new Network(List.of(new DenseLayer(1, 2, 1, new OnnxTanh(),
                Optional.of(Tensor.of(new double[][] {{0.5, -0.5}})), Optional.empty(), null, new SplitMix64(0))),
                TestComponents.HALF_SQUARED_ERROR);
        ProtoFields graph = new ProtoFields(OnnxExport.toBytes(network, ElementType.FLOAT, description(1.0, true)))
                .message(MODEL_GRAPH);

        List<ProtoFields> nodes = graph.messages(GRAPH_NODE);
        assertEquals(List.of("Gemm", "Tanh", "Sub", "Concat"), nodes.stream().map(n -> n.string(NODE_OP_TYPE)).toList());
        String y = nodes.get(1).strings(NODE_OUTPUT).get(0);
        assertEquals(List.of(nodes.get(2).strings(NODE_OUTPUT).get(0), y), nodes.get(3).strings(NODE_INPUT));
        assertEquals(y, nodes.get(2).strings(NODE_INPUT).get(1));
        assertValueInfo(graph.message(GRAPH_OUTPUT), "output", FLOAT, 2);
    }

    @Test
    void dropoutAddsNothingAndAGraphOfNoOperationStillNamesItsOutput() {
        Network network = new Network(List.of(new DropoutLayer(2, 0.5)), TestComponents.HALF_SQUARED_ERROR);
        ProtoFields graph = new ProtoFields(OnnxExport.toBytes(network, ElementType.FLOAT, description(1.0, false)))
                .message(MODEL_GRAPH);

        List<ProtoFields> nodes = graph.messages(GRAPH_NODE);
        assertEquals(1, nodes.size());
        assertEquals("Identity", nodes.get(0).string(NODE_OP_TYPE));
        assertEquals(List.of("input"), nodes.get(0).strings(NODE_INPUT));
        assertEquals(List.of("output"), nodes.get(0).strings(NODE_OUTPUT));
    }

    @Test
    void aLayerWithoutAnOnnxFormIsRefusedByItsIndex() {
        Network network = new Network(List.of(dense(), new Opaque()), TestComponents.HALF_SQUARED_ERROR);

        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExport.toBytes(network, ElementType.FLOAT, description(1.0, false)));

        assertEquals(1, e.layerIndex().getAsInt());
        assertEquals(OnnxExportException.Kind.LAYER, e.kind());
    }

    @Test
    void anActivationWithoutAnOnnxFormIsRefusedAsTheActivationOfItsLayer() {
        Network network = new Network(List.of(dense(), new ActivationLayer(3, TestComponents.TANH)),
                TestComponents.HALF_SQUARED_ERROR);

        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExport.toBytes(network, ElementType.FLOAT, description(1.0, false)));

        assertEquals(1, e.layerIndex().getAsInt());
        assertEquals(OnnxExportException.Kind.ACTIVATION, e.kind());
    }

    @Test
    void anAttributeOfAnUnknownTypeAndAnUnknownInputAreRefused() {
        GraphBuilder graph = new GraphBuilder(ElementType.FLOAT, 17, "input");

        assertThrows(IllegalArgumentException.class, () -> graph.node("Relu", List.of("input"),
                Map.of("alpha", List.of(1))));
        assertThrows(IllegalArgumentException.class, () -> graph.node("Relu", "nowhere"));
        assertThrows(IllegalArgumentException.class, () -> graph.constant("c", new long[] {2, 2}, 1, 2, 3));
        assertFalse(graph.holds("nowhere"));
    }

    @Test
    void namesStayUniqueWhenAComponentRepeatsThem() {
        GraphBuilder graph = new GraphBuilder(ElementType.FLOAT, 17, "input");
        graph.scope("layers.3");

        String first = graph.constant("scale", new long[0], 1);
        String second = graph.constant("scale", new long[0], 2);
        String relu = graph.node("Relu", "input");
        String again = graph.node("Relu", relu);

        assertEquals("layers.3.scale", first);
        assertEquals("layers.3.scale_1", second);
        assertEquals("/layers.3/Relu_output_0", relu);
        assertEquals("/layers.3/Relu_1_output_0", again);
        assertTrue(graph.holds(again));
    }

    private static void assertValueInfo(ProtoFields value, String name, long elementType, long width) {
        assertEquals(name, value.string(VALUE_NAME));
        ProtoFields tensor = value.message(VALUE_TYPE).message(TYPE_TENSOR);
        assertEquals(elementType, tensor.varint(TENSOR_TYPE_ELEM));
        List<ProtoFields> dims = tensor.message(TENSOR_TYPE_SHAPE).messages(SHAPE_DIM);
        assertEquals(2, dims.size());
        assertEquals("batch", dims.get(0).string(DIM_PARAM));
        assertFalse(dims.get(0).has(DIM_VALUE));
        assertEquals(width, dims.get(1).varint(DIM_VALUE));
    }

    private static ProtoFields initializer(ProtoFields graph, String name) {
        return graph.messages(GRAPH_INITIALIZER).stream().filter(t -> t.string(TENSOR_NAME).equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no initializer " + name));
    }

    private static ProtoFields graph(ElementType type, double scale, boolean binary) {
        return new ProtoFields(OnnxExport.toBytes(network(), type, description(scale, binary))).message(MODEL_GRAPH);
    }

    private static Network network() {
        return new Network(List.of(dense()), TestComponents.HALF_SQUARED_ERROR);
    }

    private static DenseLayer dense() {
        return new DenseLayer(1, 2, 3, new OnnxTanh(), Optional.of(Tensor.of(WEIGHTS)),
                Optional.of(Tensor.row(BIAS)), null, new SplitMix64(0));
    }

    private static OnnxExport.Description description(double scale, boolean binary) {
        return new OnnxExport.Description("tiny", "test", "a test model", scale, binary, "in", "out",
                Map.of("classes", "[\"a\",\"b\",\"c\"]", "features", "[\"x\",\"y\"]").entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue,
                                (a, b) -> a, java.util.LinkedHashMap::new)));
    }

    /** tanh with its ONNX form. */
    private static final class OnnxTanh implements ElementwiseActivation, OnnxExportable {
        @Override
        public double value(double x) {
            return Math.tanh(x);
        }

        @Override
        public double derivative(double x) {
            double t = Math.tanh(x);
            return 1 - t * t;
        }

        @Override
        public String toOnnx(String input, OnnxGraphBuilder graph) {
            return graph.node("Tanh", input);
        }
    }

    /** A layer without an ONNX form. */
    private static final class Opaque implements Layer {
        @Override
        public int inputSize() {
            return 3;
        }

        @Override
        public int outputSize() {
            return 3;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of();
        }

        @Override
        public Tensor forward(Tensor input, ForwardContext context) {
            return input;
        }

        @Override
        public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
            return gradOutput;
        }
    }
}
