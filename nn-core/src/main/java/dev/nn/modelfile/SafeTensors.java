package dev.nn.modelfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nn.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Tensors in the safetensors layout: an 8-byte little-endian length {@code N}, {@code N} bytes of UTF-8 JSON
 * (padded with spaces to a multiple of 8), then the arrays, little-endian, one after another.
 *
 * <p>The JSON maps each name to {@code {"dtype": "F64", "shape": [..], "data_offsets": [begin, end]}} (offsets into
 * the data that follows the header) and {@code "__metadata__"} to a mapping of strings. A tensor with one row is
 * written with shape {@code [columns]}, any other with {@code [rows, columns]}; a one-dimensional shape reads back as
 * {@code 1 x n}. Names are written in the map's iteration order, and read back in the header's order.
 *
 * <p>Offsets are 64-bit, so the data may be of any size; each tensor is read straight into its own array, and may
 * hold up to {@value #MAX_ARRAY} values (16 GB). Reading is strict: the header length must lie within the bytes, the
 * header must be a JSON object with no duplicate names, every dtype {@code F64} or {@code F32} (a float32 tensor, written from and read into a
 * float32 {@link Tensor}), every shape one or two whole
 * numbers, every tensor's byte range the size its shape needs, and the ranges must cover the data exactly, without
 * overlaps or gaps. Anything else is a
 * {@link ModelFileException} naming the source and the tensor.
 */
public final class SafeTensors {
    /** The header key that holds the metadata rather than a tensor. */
    public static final String METADATA_KEY = "__metadata__";
    private static final String DTYPE = "F64";
    private static final String FLOAT32_DTYPE = "F32";
    private static final int CHUNK_DOUBLES = 8192;
    /** The most elements one Java array may safely hold, and so the most values one tensor holds. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final Set<String> ENTRY_KEYS = Set.of("dtype", "shape", "data_offsets");
    /**
     * JSON without an {@code ObjectMapper}: the header is a small tree, read token by token into nodes and written
     * from them, which costs a tenth of a mapper's set-up at start-up.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    private SafeTensors(Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** The tensors, in header order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} mapping; empty when the header has none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Writes {@code tensors} and {@code metadata} to {@code out} (not closed). */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        out.write(header(tensors, metadata));
        writeData(out, tensors);
    }

    /** The bytes {@link #write} writes. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.toIntExact(byteSize(tensors, metadata)));
        try {
            write(out, tensors, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** How many bytes {@link #write} writes. */
    static long byteSize(Map<String, Tensor> tensors, Map<String, String> metadata) {
        return header(tensors, metadata).length + dataBytes(tensors);
    }

    private static long dataBytes(Map<String, Tensor> tensors) {
        long bytes = 0;
        for (Tensor tensor : tensors.values()) {
            bytes += (long) tensor.size() * elementBytes(tensor);
        }
        return bytes;
    }

    /** The length prefix and the padded JSON header. */
    static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Objects.requireNonNull(tensors, "tensors is null");
        Objects.requireNonNull(metadata, "metadata is null");
        ObjectNode header = NODES.objectNode();
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            String name = Objects.requireNonNull(entry.getKey(), "a tensor name is null");
            Tensor tensor = Objects.requireNonNull(entry.getValue(), () -> "tensor " + name + " is null");
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor may not be named " + METADATA_KEY);
            }
            ObjectNode node = header.putObject(name);
            node.put("dtype", tensor.isFloat32() ? FLOAT32_DTYPE : DTYPE);
            ArrayNode shape = node.putArray("shape");
            if (tensor.rows() != 1) {
                shape.add(tensor.rows());
            }
            shape.add(tensor.columns());
            long end = offset + (long) tensor.size() * elementBytes(tensor);
            node.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA_KEY);
            metadata.forEach((key, value) -> meta.put(Objects.requireNonNull(key, "a metadata key is null"),
                    Objects.requireNonNull(value, () -> "metadata " + key + " is null")));
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON.createGenerator(text)) {
            write(generator, header);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        byte[] json = text.toByteArray();
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES + padded).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(padded).put(json);
        while (bytes.hasRemaining()) {
            bytes.put((byte) ' ');
        }
        return bytes.array();
    }

    /** Writes a tree of objects, arrays, strings and whole numbers, as the header is. */
    private static void write(JsonGenerator generator, JsonNode node) throws IOException {
        if (node.isObject()) {
            generator.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                generator.writeFieldName(field.getKey());
                write(generator, field.getValue());
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (JsonNode element : node) {
                write(generator, element);
            }
            generator.writeEndArray();
        } else if (node.isTextual()) {
            generator.writeString(node.textValue());
        } else {
            generator.writeNumber(node.longValue());
        }
    }

    private static int elementBytes(Tensor tensor) {
        return tensor.isFloat32() ? Float.BYTES : Double.BYTES;
    }

    private static void writeData(OutputStream out, Map<String, Tensor> tensors) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_DOUBLES * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor tensor : tensors.values()) {
            if (tensor.isFloat32()) {
                float[] floats = tensor.floatData();
                for (int from = 0; from < floats.length; from += CHUNK_DOUBLES) {
                    int count = Math.min(CHUNK_DOUBLES, floats.length - from);
                    chunk.clear();
                    chunk.asFloatBuffer().put(floats, from, count);
                    out.write(chunk.array(), 0, count * Float.BYTES);
                }
                continue;
            }
            double[] data = tensor.data();
            for (int from = 0; from < data.length; from += CHUNK_DOUBLES) {
                int count = Math.min(CHUNK_DOUBLES, data.length - from);
                chunk.clear();
                chunk.asDoubleBuffer().put(data, from, count);
                out.write(chunk.array(), 0, count * Double.BYTES);
            }
        }
    }

    /**
     * Reads the tensors in {@code bytes} (from its position to its limit; the buffer itself is not moved).
     *
     * @param source how to name the bytes in messages, e.g. {@code model.nn!tensors.safetensors}
     * @throws ModelFileException naming {@code source} for any departure from the layout
     */
    public static SafeTensors read(ByteBuffer bytes, String source) {
        return read(Region.of(bytes), source);
    }

    /** Reads the tensors in {@code in}, each straight into its array: the bytes are never held whole. */
    static SafeTensors read(Region in, String source) {
        long total = in.size();
        if (total < Long.BYTES) {
            throw problem(source, "is " + total + " bytes long, too short for the 8-byte header length it must "
                    + "begin with");
        }
        long headerLength = in.bytes(0, Long.BYTES).getLong(0);
        if (headerLength < 0 || headerLength > total - Long.BYTES) {
            throw problem(source, "its header length (" + Long.toUnsignedString(headerLength) + " bytes) goes beyond "
                    + "the end of its " + total + " bytes");
        }
        if (headerLength > MAX_ARRAY) {
            throw problem(source, "its header is " + headerLength + " bytes; a header may be at most " + MAX_ARRAY
                    + " bytes (2 GB)");
        }
        long dataStart = Long.BYTES + headerLength;
        JsonNode header = parseHeader(in.bytes(Long.BYTES, (int) headerLength), source);
        long dataLength = total - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Range> ranges = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = header.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(field.getValue(), source, metadata);
            } else {
                ranges.add(range(field.getKey(), field.getValue(), dataLength, source));
            }
        }
        checkCoverage(ranges, dataLength, source);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Range range : ranges) {
            if (range.float32) {
                float[] floats = new float[(int) ((long) range.rows * range.columns)];
                for (int done = 0; done < floats.length; ) {
                    int count = Math.min(CHUNK_DOUBLES, floats.length - done);
                    in.bytes(dataStart + range.begin + (long) done * Float.BYTES, count * Float.BYTES)
                            .asFloatBuffer().get(floats, done, count);
                    done += count;
                }
                tensors.put(range.name, Tensor.wrap(range.rows, range.columns, floats));
                continue;
            }
            double[] values = new double[(int) ((long) range.rows * range.columns)];
            in.doubles(dataStart + range.begin, values);
            tensors.put(range.name, Tensor.wrap(range.rows, range.columns, values));
        }
        return new SafeTensors(tensors, metadata);
    }

    private static JsonNode parseHeader(ByteBuffer headerBytes, String source) {
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes);
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw problem(source, "its header is not UTF-8 text");
        }
        JsonNode header;
        try (JsonParser parser = JSON.createParser(text)) {
            header = parser.nextToken() == null ? null : tree(parser);
            if (header != null && parser.nextToken() != null) {
                throw problem(source, "its header holds more than one JSON value");
            }
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " (at character " + (e.getLocation().getCharOffset() + 1) + ")";
            throw problem(source, "its header is not valid JSON" + at + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw problem(source, "its header cannot be read: " + e.getMessage());
        }
        if (header == null || !header.isObject()) {
            throw problem(source, "its header is not a JSON object (of tensor names) but "
                    + (header == null ? "empty" : describe(header)));
        }
        return header;
    }

    /** The value that begins at the parser's current token, as a tree. */
    private static JsonNode tree(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, tree(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(tree(parser));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? NODES.numberNode(parser.getBigIntegerValue()) : NODES.numberNode(parser.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(parser.getBooleanValue());
            }
            default -> {
                return NODES.nullNode();
            }
        }
    }

    private static void readMetadata(JsonNode node, String source, Map<String, String> metadata) {
        if (!node.isObject()) {
            throw problem(source, METADATA_KEY + " is " + describe(node) + "; expected an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw problem(source, METADATA_KEY + "." + field.getKey() + " is " + describe(field.getValue())
                        + "; expected a string");
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
    }

    /** Where one tensor's bytes are, and its shape as a matrix. */
    private record Range(String name, long begin, long end, int rows, int columns, boolean float32) {
    }

    private static Range range(String name, JsonNode node, long dataLength, String source) {
        String tensor = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw problem(source, tensor + " is " + describe(node) + "; expected an object with dtype, shape and "
                    + "data_offsets");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!ENTRY_KEYS.contains(key)) {
                throw problem(source, tensor + " has the unknown key '" + key + "'; expected dtype, shape and "
                        + "data_offsets");
            }
        }
        JsonNode dtype = node.get("dtype");
        if (dtype == null || !dtype.isTextual()) {
            throw problem(source, tensor + " has " + (dtype == null ? "no dtype" : "the dtype " + describe(dtype))
                    + "; expected \"" + DTYPE + "\" or \"" + FLOAT32_DTYPE + "\"");
        }
        if (!dtype.textValue().equals(DTYPE) && !dtype.textValue().equals(FLOAT32_DTYPE)) {
            throw problem(source, tensor + " has dtype \"" + dtype.textValue() + "\"; only \"" + DTYPE
                    + "\" (float64) and \"" + FLOAT32_DTYPE + "\" (float32) are supported");
        }
        boolean float32 = dtype.textValue().equals(FLOAT32_DTYPE);
        int elementBytes = float32 ? Float.BYTES : Double.BYTES;
        long[] shape = whole(node.get("shape"), tensor, "shape", source);
        if (shape.length != 1 && shape.length != 2) {
            throw problem(source, tensor + " has shape " + Arrays.toString(shape) + "; expected one or two dimensions"
                    + " ([n] or [rows, columns])");
        }
        long rows = shape.length == 1 ? 1 : shape[0];
        long columns = shape[shape.length - 1];
        if (rows > MAX_ARRAY || columns > MAX_ARRAY || rows * columns > MAX_ARRAY) {
            throw problem(source, tensor + " has shape " + Arrays.toString(shape) + ", more values than one tensor "
                    + "can hold (at most " + MAX_ARRAY + ", the most one Java array holds: 16 GB of F64)");
        }
        long[] offsets = whole(node.get("data_offsets"), tensor, "data_offsets", source);
        if (offsets.length != 2) {
            throw problem(source, tensor + " has data_offsets " + Arrays.toString(offsets)
                    + "; expected two numbers [begin, end]");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataLength) {
            throw problem(source, tensor + " has data_offsets [" + begin + ", " + end + "] outside the data, which "
                    + "holds bytes [0, " + dataLength + "]");
        }
        long needed = rows * columns * elementBytes;
        if (end - begin != needed) {
            throw problem(source, tensor + " has shape " + Arrays.toString(shape) + ", which needs " + needed
                    + " bytes of " + dtype.textValue() + ", but its data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new Range(name, begin, end, (int) rows, (int) columns, float32);
    }

    /** A list of whole numbers from 0 up, as {@code shape} and {@code data_offsets} are. */
    private static long[] whole(JsonNode node, String tensor, String key, String source) {
        if (node == null || !node.isArray()) {
            throw problem(source, tensor + " has " + (node == null ? "no " + key : key + " " + describe(node))
                    + "; expected a list of whole numbers");
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode element = node.get(i);
            if (!element.isIntegralNumber() || !element.canConvertToLong() || element.longValue() < 0) {
                throw problem(source, tensor + " has " + key + " " + node + "; expected whole numbers from 0 up");
            }
            values[i] = element.longValue();
        }
        return values;
    }

    /** The tensors' byte ranges must tile the data: no overlap, no gap, nothing after the last. */
    private static void checkCoverage(List<Range> ranges, long dataLength, String source) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::begin).thenComparingLong(Range::end));
        long covered = 0;
        Range previous = null;
        for (Range range : sorted) {
            if (range.begin < covered) {
                throw problem(source, "tensors '" + previous.name + "' " + offsets(previous) + " and '" + range.name
                        + "' " + offsets(range) + " overlap");
            }
            if (range.begin > covered) {
                throw problem(source, "data bytes [" + covered + ", " + range.begin + "] belong to no tensor");
            }
            covered = range.end;
            previous = range;
        }
        if (covered != dataLength) {
            throw problem(source, "data bytes [" + covered + ", " + dataLength + "] belong to no tensor");
        }
    }

    private static String offsets(Range range) {
        return "[" + range.begin + ", " + range.end + "]";
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "the string \"" + node.textValue() + "\"";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "an object";
        }
        return node.isNull() ? "null" : node.toString();
    }

    private static ModelFileException problem(String source, String message) {
        return new ModelFileException(source + ": " + message);
    }
}
