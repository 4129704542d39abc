package dev.nn.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A protobuf message decoded by field number with protobuf-java's {@link CodedInputStream}, knowing nothing of
 * ONNX: what a reader of {@code onnx.proto} sees. Varints are {@link Long}, fixed32 {@link Integer} bits,
 * length-delimited fields {@code byte[]}.
 */
final class ProtoFields {
    private final Map<Integer, List<Object>> fields = new LinkedHashMap<>();

    ProtoFields(byte[] bytes) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                Object value = switch (WireFormat.getTagWireType(tag)) {
                    case WireFormat.WIRETYPE_VARINT -> in.readInt64();
                    case WireFormat.WIRETYPE_FIXED32 -> in.readFixed32();
                    case WireFormat.WIRETYPE_FIXED64 -> in.readFixed64();
                    case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readByteArray();
                    default -> throw new AssertionError("unexpected wire type in tag " + tag);
                };
                fields.computeIfAbsent(WireFormat.getTagFieldNumber(tag), f -> new ArrayList<>()).add(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Object> all(int field) {
        return fields.getOrDefault(field, List.of());
    }

    boolean has(int field) {
        return fields.containsKey(field);
    }

    long varint(int field) {
        return (Long) one(field);
    }

    float float32(int field) {
        return Float.intBitsToFloat((Integer) one(field));
    }

    String string(int field) {
        return new String((byte[]) one(field), StandardCharsets.UTF_8);
    }

    List<String> strings(int field) {
        return all(field).stream().map(b -> new String((byte[]) b, StandardCharsets.UTF_8)).toList();
    }

    byte[] bytes(int field) {
        return (byte[]) one(field);
    }

    ProtoFields message(int field) {
        return new ProtoFields(bytes(field));
    }

    List<ProtoFields> messages(int field) {
        return all(field).stream().map(b -> new ProtoFields((byte[]) b)).toList();
    }

    List<Long> varints(int field) {
        return all(field).stream().map(Long.class::cast).toList();
    }

    private Object one(int field) {
        List<Object> values = all(field);
        if (values.size() != 1) {
            throw new AssertionError("field " + field + " occurs " + values.size() + " times; fields: "
                    + fields.keySet());
        }
        return values.get(0);
    }
}
