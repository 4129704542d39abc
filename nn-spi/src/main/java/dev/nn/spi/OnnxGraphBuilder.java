package dev.nn.spi;

import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The part of an ONNX graph under construction that an {@link OnnxExportable} component adds to: operator nodes of
 * the standard ONNX domain ({@code ai.onnx}, at {@link #opsetVersion()}) and constant tensors (initializers). Value
 * names are made unique by the builder; components never need to invent names that do not clash.
 *
 * <p>Every floating-point value of the graph has the one {@link #elementType()} chosen for the export; constants
 * given as {@code double} are converted to it. ONNX stores floating-point <em>attributes</em> as 32-bit floats,
 * so a component that must be exact in {@link ElementType#DOUBLE} passes such numbers as constants instead (for
 * example {@code Mul} by a constant rather than {@code LeakyRelu}'s {@code alpha}).
 */
public interface OnnxGraphBuilder {
    /** The element type of the exported graph's floating-point values. */
    enum ElementType {
        /** ONNX {@code tensor(float)}, 32 bits. */
        FLOAT,
        /** ONNX {@code tensor(double)}, 64 bits. */
        DOUBLE
    }

    /** The element type of every floating-point value in the graph. */
    ElementType elementType();

    /** The version of the standard ONNX operator set the graph imports (the domain {@code ""}). */
    int opsetVersion();

    /**
     * Adds a constant tensor of {@link #elementType()} (an initializer).
     *
     * @param hint a readable part of its name, e.g. {@code "scale"}; the builder prefixes the layer and makes it
     *     unique
     * @param value the values, of shape {@code [rows, columns]} (a {@code 1 x n} tensor broadcasts over a batch's
     *     rows in {@code Mul}, {@code Add} and the like; operators that want a vector, such as
     *     {@code BatchNormalization}, take {@link #constant(String, long[], double...)} with shape {@code [n]})
     * @return the constant's value name
     */
    String constant(String hint, Tensor value);

    /**
     * Adds a constant tensor of {@link #elementType()} with any shape.
     *
     * @param shape the dimensions; empty for a scalar
     * @param values row-major, as many as the shape holds
     * @return the constant's value name
     * @throws IllegalArgumentException when the number of values does not match the shape
     */
    String constant(String hint, long[] shape, double... values);

    /**
     * Adds a constant tensor of ONNX {@code int64}, for operator inputs that are indices or shapes.
     *
     * @return the constant's value name
     */
    String integerConstant(String hint, long[] shape, long... values);

    /**
     * Adds a node with one output.
     *
     * @param operator the ONNX operator, e.g. {@code "Gemm"}
     * @param inputs the names of its inputs, in the operator's order ({@code ""} for an omitted optional input)
     * @param attributes by name: {@link Integer} or {@link Long} (INT), {@link Float} or {@link Double} (FLOAT,
     *     stored as 32 bits), {@link String} (STRING), {@code long[]} or {@code int[]} (INTS), {@code float[]} or
     *     {@code double[]} (FLOATS)
     * @return the name of its output
     * @throws IllegalArgumentException for an input name the graph does not hold, or an attribute of another type
     */
    String node(String operator, List<String> inputs, Map<String, ?> attributes);

    /** {@link #node(String, List, Map)} without attributes. */
    default String node(String operator, String... inputs) {
        return node(operator, List.of(inputs), Map.of());
    }

    /**
     * Adds the ONNX form of {@code activation} applied to {@code input}: for a layer that applies an activation it
     * was given (for example by {@link LayerContext#activationNamedBy}).
     *
     * @return the name of the activation's output
     * @throws UnsupportedOperationException (naming the activation) when it has no ONNX form; the export reports it
     */
    String activation(Activation activation, String input);
}
