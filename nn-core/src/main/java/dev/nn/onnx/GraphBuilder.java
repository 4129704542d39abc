package dev.nn.onnx;

import dev.nn.spi.Activation;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The graph under construction: nodes in the order added (which is topological, since a node may only use values
 * that exist), initializers, and the names in use. Names follow PyTorch's exporter: a node {@code /layers.0/Gemm},
 * its output {@code /layers.0/Gemm_output_0}, a constant {@code layers.0.weights}.
 */
final class GraphBuilder implements OnnxGraphBuilder {
    /** {@code onnx.proto}'s {@code TensorProto.DataType}. */
    static final int FLOAT = 1;
    static final int INT64 = 7;
    static final int DOUBLE = 11;

    record Node(String name, String operator, List<String> inputs, List<String> outputs, Map<String, ?> attributes) {
    }

    record Initializer(String name, int dataType, long[] dims, byte[] rawData) {
    }

    private final ElementType elementType;
    private final int opsetVersion;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Initializer> initializers = new ArrayList<>();
    private final Set<String> values = new HashSet<>();
    private final Map<String, Integer> nodeNames = new HashMap<>();
    private String scope = "";
    private Activation refusedActivation;

    GraphBuilder(ElementType elementType, int opsetVersion, String input) {
        this.elementType = Objects.requireNonNull(elementType, "elementType is null");
        this.opsetVersion = opsetVersion;
        values.add(input);
    }

    /** Names of what is added next begin with {@code scope} (e.g. {@code layers.0}); empty for the graph's own. */
    void scope(String scope) {
        this.scope = scope;
    }

    /**
     * The activation {@link #activation} was last asked for and could not export (remembered because a plugin's
     * code may have wrapped the refusal in its own failure), or {@code null}.
     */
    Activation refusedActivation() {
        return refusedActivation;
    }

    List<Node> nodes() {
        return nodes;
    }

    List<Initializer> initializers() {
        return initializers;
    }

    boolean holds(String value) {
        return values.contains(value);
    }

    /** The element type's {@code TensorProto.DataType}. */
    int dataType() {
        return elementType == ElementType.FLOAT ? FLOAT : DOUBLE;
    }

    @Override
    public ElementType elementType() {
        return elementType;
    }

    @Override
    public int opsetVersion() {
        return opsetVersion;
    }

    @Override
    public String constant(String hint, Tensor value) {
        Objects.requireNonNull(value, "value is null");
        return constant(hint, new long[] {value.rows(), value.columns()},
                value.isFloat32() ? value.copyAs(dev.nn.tensor.DataType.FLOAT64).data() : value.data());
    }

    @Override
    public String constant(String hint, long[] shape, double... values) {
        requireSize(shape, values.length);
        ByteBuffer raw = ByteBuffer.allocate(values.length * (elementType == ElementType.FLOAT ? 4 : 8))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (elementType == ElementType.FLOAT) {
                raw.putFloat((float) v);
            } else {
                raw.putDouble(v);
            }
        }
        return initializer(hint, dataType(), shape, raw.array());
    }

    @Override
    public String integerConstant(String hint, long[] shape, long... values) {
        requireSize(shape, values.length);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        return initializer(hint, INT64, shape, raw.array());
    }

    @Override
    public String node(String operator, List<String> inputs, Map<String, ?> attributes) {
        Objects.requireNonNull(operator, "operator is null");
        for (String input : inputs) {
            if (!input.isEmpty() && !values.contains(input)) {
                throw new IllegalArgumentException("node " + operator + " uses the value '" + input
                        + "', which the graph does not hold");
            }
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        attributes.forEach((name, value) -> checked.put(name, checkedAttribute(operator, name, value)));
        String base = (scope.isEmpty() ? "/" : "/" + scope + "/") + operator;
        int seen = nodeNames.merge(base, 1, Integer::sum) - 1;
        String name = seen == 0 ? base : base + "_" + seen;
        String output = unique(name + "_output_0");
        nodes.add(new Node(name, operator, List.copyOf(inputs), List.of(output), checked));
        return output;
    }

    @Override
    public String activation(Activation activation, String input) {
        if (activation instanceof OnnxExportable exportable) {
            String output = exportable.toOnnx(input, this);
            if (output == null || !values.contains(output)) {
                throw new IllegalStateException("the activation's ONNX form returned '" + output
                        + "', which is not a value of the graph");
            }
            return output;
        }
        refusedActivation = activation;
        throw new UnsupportedOperationException("the activation has no ONNX form (it does not implement "
                + OnnxExportable.class.getName() + ")");
    }

    /** Gives the output of the last node the name {@code name}, when that node computed {@code value}. */
    boolean renameLastOutput(String value, String name) {
        if (nodes.isEmpty() || !nodes.get(nodes.size() - 1).outputs().equals(List.of(value)) || values.contains(name)) {
            return false;
        }
        Node last = nodes.remove(nodes.size() - 1);
        nodes.add(new Node(last.name(), last.operator(), last.inputs(), List.of(name), last.attributes()));
        values.remove(value);
        values.add(name);
        return true;
    }

    private String initializer(String hint, int dataType, long[] shape, byte[] raw) {
        String name = unique(scope.isEmpty() ? hint : scope + "." + hint);
        initializers.add(new Initializer(name, dataType, shape.clone(), raw));
        return name;
    }

    private String unique(String name) {
        String candidate = name;
        for (int i = 1; values.contains(candidate); i++) {
            candidate = name + "_" + i;
        }
        values.add(candidate);
        return candidate;
    }

    private static void requireSize(long[] shape, int count) {
        long size = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("a constant's dimensions must be >= 0 but are "
                        + java.util.Arrays.toString(shape));
            }
            size *= d;
        }
        if (size != count) {
            throw new IllegalArgumentException("a constant of shape " + java.util.Arrays.toString(shape) + " holds "
                    + size + " values but " + count + " were given");
        }
    }

    private static Object checkedAttribute(String operator, String name, Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof int[] ints) {
            return java.util.Arrays.stream(ints).asLongStream().toArray();
        }
        if (value instanceof Double d) {
            return d.floatValue();
        }
        if (value instanceof double[] doubles) {
            float[] floats = new float[doubles.length];
            for (int i = 0; i < doubles.length; i++) {
                floats[i] = (float) doubles[i];
            }
            return floats;
        }
        if (value instanceof Long || value instanceof Float || value instanceof String || value instanceof long[]
                || value instanceof float[]) {
            return value instanceof long[] l ? l.clone() : value instanceof float[] f ? f.clone() : value;
        }
        throw new IllegalArgumentException("attribute '" + name + "' of node " + operator + " is a "
                + (value == null ? "null" : value.getClass().getSimpleName())
                + "; expected an Integer, Long, Float, Double, String, int[], long[], float[] or double[]");
    }
}
