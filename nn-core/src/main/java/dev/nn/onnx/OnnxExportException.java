package dev.nn.onnx;

import java.util.OptionalInt;

/**
 * A network that cannot be exported: a layer or an activation without an ONNX form, or one whose ONNX form failed.
 * The message says what is wrong; {@link #layerIndex()} and {@link #kind()} say where, so the caller can name the
 * component as the user wrote it.
 */
public final class OnnxExportException extends RuntimeException {
    /** Which part of a layer could not be exported. */
    public enum Kind {
        /** the layer itself */
        LAYER,
        /** an activation the layer applies */
        ACTIVATION
    }

    private final int layerIndex;
    private final Kind kind;

    public OnnxExportException(int layerIndex, Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.layerIndex = layerIndex;
        this.kind = kind;
    }

    /** The layer's index in the network, from 0; empty when no layer is concerned. */
    public OptionalInt layerIndex() {
        return layerIndex < 0 ? OptionalInt.empty() : OptionalInt.of(layerIndex);
    }

    public Kind kind() {
        return kind;
    }
}
