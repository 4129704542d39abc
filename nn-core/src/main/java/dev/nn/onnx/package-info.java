/**
 * ONNX export: a trained {@link dev.nn.network.Network} written as an ONNX model ({@code onnx.proto}'s
 * {@code ModelProto}) for inference in other runtimes.
 *
 * <p>{@link dev.nn.onnx.OnnxExport} builds the graph: the raw input, the model's input scale, each layer's ONNX form
 * ({@link dev.nn.spi.OnnxExportable}, which the built-in layers and activations implement and plugins may), and for
 * two classes on one output the probability of each. {@code ProtoMessage} writes the protobuf wire format with
 * protobuf-java's {@code CodedOutputStream}, using the field numbers of {@code onnx.proto}; this package is the only
 * one that uses protobuf.
 */
package dev.nn.onnx;
