package dev.nn.modelfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The safetensors layout, against a file written by numpy and Python's json module ({@code make_fixture.py} beside
 * {@code fixture.safetensors}), and every way a header can be wrong.
 */
final class SafeTensorsTest {
    private static final String SOURCE = "m.nn!tensors.safetensors";

    /** What make_fixture.py puts in: element i holds (i + 1) / 7 + offset. */
    private static Map<String, Tensor> fixtureTensors() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("layers.0.weights", Tensor.wrap(2, 3, values(6, 0)));
        tensors.put("layers.0.bias", Tensor.wrap(1, 3, values(3, 10)));
        tensors.put("layers.1.gamma", Tensor.wrap(1, 1, values(1, 20)));
        return tensors;
    }

    private static double[] values(int count, double offset) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = (i + 1) / 7.0 + offset;
        }
        return values;
    }

    private static byte[] fixture() throws IOException {
        try (InputStream in = SafeTensorsTest.class.getResourceAsStream("fixture.safetensors")) {
            return in.readAllBytes();
        }
    }

    @Test
    void writesExactlyTheBytesNumpyAndJsonWrite() throws IOException {
        byte[] written = SafeTensors.toBytes(fixtureTensors(), Map.of("format", "fixture"));

        assertArrayEquals(fixture(), written);
    }

    @Test
    void readsWhatNumpyWroteInHeaderOrderWithVectorsAsOneRow() throws IOException {
        SafeTensors read = SafeTensors.read(ByteBuffer.wrap(fixture()), SOURCE);

        assertEquals(fixtureTensors(), read.tensors());
        assertEquals(List.of("layers.0.weights", "layers.0.bias", "layers.1.gamma"),
                List.copyOf(read.tensors().keySet()));
        assertEquals(Map.of("format", "fixture"), read.metadata());
    }

    @Test
    void roundTripsEveryShapeBitForBitWithTheHeaderPaddedToEightBytes() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("z", Tensor.wrap(1, 4, new double[] {-0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN}));
        tensors.put("empty rows", Tensor.zeros(0, 3));
        tensors.put("empty", Tensor.zeros(1, 0));
        tensors.put("m", Tensor.wrap(3, 1, new double[] {1, 2, 3}));
        tensors.put("é", Tensor.wrap(1, 1, new double[] {Math.PI}));
        byte[] bytes = SafeTensors.toBytes(tensors, Map.of());

        SafeTensors read = SafeTensors.read(ByteBuffer.wrap(bytes), SOURCE);

        assertEquals(tensors, read.tensors());
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()));
        assertEquals(Map.of(), read.metadata());
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
        assertEquals(8 + headerLength + 8 * (4 + 3 + 1), bytes.length);
    }

    @Test
    void readsFromTheBuffersPositionWithoutMovingIt() {
        byte[] tensors = SafeTensors.toBytes(fixtureTensors(), Map.of());
        byte[] framed = new byte[tensors.length + 10];
        System.arraycopy(tensors, 0, framed, 3, tensors.length);
        ByteBuffer buffer = ByteBuffer.wrap(framed, 3, tensors.length);

        assertEquals(fixtureTensors(), SafeTensors.read(buffer, SOURCE).tensors());
        assertEquals(3, buffer.position());
    }

    @Test
    void refusesATensorNamedLikeTheMetadata() {
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.toBytes(Map.of("__metadata__", Tensor.zeros(1, 1)), Map.of()));
    }

    @Test
    void refusesBytesTooShortForTheHeaderLength() {
        assertRefused(new byte[5], "is 5 bytes long, too short for the 8-byte header length");
    }

    @Test
    void refusesAHeaderLengthBeyondTheFile() {
        byte[] bytes = SafeTensors.toBytes(fixtureTensors(), Map.of());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, bytes.length);
        assertRefused(bytes, "its header length (" + bytes.length + " bytes) goes beyond the end of its "
                + bytes.length + " bytes");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1);
        assertRefused(bytes, "its header length (18446744073709551615 bytes) goes beyond the end");
    }

    @Test
    void refusesAHeaderThatIsNotJson() {
        assertRefused(file("{\"a\": ", 0), "its header is not valid JSON");
        assertRefused(file("not json", 0), "its header is not valid JSON");
        assertRefused(file("{} {}", 0), "its header holds more than one JSON value");
        assertRefused(file("[1, 2]", 0), "its header is not a JSON object (of tensor names) but a list");
        assertRefused(file("", 0), "its header is not a JSON object (of tensor names) but empty");
        assertRefused(raw(new byte[] {'{', '"', (byte) 0xC3, '"', '}'}, 0), "its header is not UTF-8 text");
    }

    @Test
    void refusesTheSameNameTwice() {
        assertRefused(file(entry("a", "[1]", 0, 8) + "," + entry("a", "[1]", 8, 16), 16),
                "its header is not valid JSON");
    }

    @Test
    void refusesADtypeOtherThanF64OrF32() {
        assertRefused(file("{\"a\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", 2),
                "tensor 'a' has dtype \"F16\"; only \"F64\" (float64) and \"F32\" (float32) are supported");
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8),
                "tensor 'a' has shape [3], which needs 12 bytes of F32, but its data_offsets [0, 8] hold 8");
        assertRefused(file("{\"a\":{\"dtype\":64,\"shape\":[1],\"data_offsets\":[0,8]}}", 8),
                "tensor 'a' has the dtype 64; expected \"F64\"");
        assertRefused(file("{\"a\":{\"shape\":[1],\"data_offsets\":[0,8]}}", 8), "tensor 'a' has no dtype");
    }

    /** Float32 tensors go as F32, four little-endian bytes of IEEE binary32 each, beside F64 ones; read back as float32. */
    @Test
    void float32TensorsAreWrittenAsF32AndReadBackAsFloat32() {
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
        tensors.put("f", Tensor.wrap(1, 3, new float[] {0.1f, -2.5f, Float.MIN_VALUE}));
        tensors.put("d", Tensor.row(0.1, 0.2));
        byte[] bytes = SafeTensors.toBytes(tensors, Map.of());

        String header = new String(bytes, 8, (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0),
                StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"f\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[12,28]}}"), header);
        ByteBuffer data = ByteBuffer.wrap(bytes, bytes.length - 28, 28).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(Float.floatToRawIntBits(0.1f), data.getInt());
        assertEquals(Float.floatToRawIntBits(-2.5f), data.getInt());
        assertEquals(1, data.getInt());
        assertEquals(Double.doubleToRawLongBits(0.1), data.getLong());
        SafeTensors read = SafeTensors.read(ByteBuffer.wrap(bytes), SOURCE);
        assertEquals(tensors, read.tensors());
        assertEquals(dev.nn.tensor.DataType.FLOAT32, read.tensors().get("f").dataType());
    }

    @Test
    void refusesAShapeThatDoesNotMatchItsBytes() {
        assertRefused(file(entry("a", "[2,3]", 0, 40), 40), "tensor 'a' has shape [2, 3], which needs 48 bytes "
                + "of F64, but its data_offsets [0, 40] hold 40");
        assertRefused(file(entry("a", "[2,2,2]", 0, 64), 64), "tensor 'a' has shape [2, 2, 2]; expected one or "
                + "two dimensions");
        assertRefused(file(entry("a", "[]", 0, 8), 8), "tensor 'a' has shape []; expected one or two dimensions");
        assertRefused(file(entry("a", "[-1]", 0, 8), 8), "tensor 'a' has shape [-1]; expected whole numbers");
        assertRefused(file(entry("a", "[1.5]", 0, 8), 8), "tensor 'a' has shape [1.5]; expected whole numbers");
        assertRefused(file(entry("a", "\"2\"", 0, 8), 8), "tensor 'a' has shape the string \"2\"; expected a list");
        assertRefused(file(entry("a", "[65536,65536]", 0, 8), 8), "tensor 'a' has shape [65536, 65536], more "
                + "values than one tensor can hold (at most 2147483639, the most one Java array holds: 16 GB of F64)");
        assertRefused(file(entry("big", "[2147483640]", 0, 8), 8), "tensor 'big' has shape [2147483640], more "
                + "values than one tensor can hold");
    }

    @Test
    void offsetsAreSixtyFourBitNumbers() {
        assertRefused(file(entry("a", "[1]", 4294967296L, 4294967304L), 8), "tensor 'a' has data_offsets "
                + "[4294967296, 4294967304] outside the data, which holds bytes [0, 8]");
        assertRefused(file(entry("a", "[536870913]", 0, 4294967304L), 8), "tensor 'a' has data_offsets "
                + "[0, 4294967304] outside the data");
    }

    @Test
    void refusesOffsetsOutOfRangeOrBackwards() {
        assertRefused(file(entry("a", "[2]", 0, 16), 8), "tensor 'a' has data_offsets [0, 16] outside the data, "
                + "which holds bytes [0, 8]");
        assertRefused(file(entry("a", "[0]", 8, 0), 8), "tensor 'a' has data_offsets [8, 0] outside the data");
        assertRefused(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0]}}", 8),
                "tensor 'a' has data_offsets [0]; expected two numbers [begin, end]");
        assertRefused(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1]}}", 8), "tensor 'a' has no data_offsets");
    }

    @Test
    void refusesOverlapsGapsAndBytesOfNoTensor() {
        assertRefused(file(entry("a", "[2]", 0, 16) + "," + entry("b", "[2]", 8, 24), 24),
                "tensors 'a' [0, 16] and 'b' [8, 24] overlap");
        assertRefused(file(entry("a", "[1]", 0, 8) + "," + entry("b", "[1]", 16, 24), 24),
                "data bytes [8, 16] belong to no tensor");
        assertRefused(file(entry("a", "[1]", 0, 8), 16), "data bytes [8, 16] belong to no tensor");
        assertRefused(file(entry("a", "[1]", 8, 16), 16), "data bytes [0, 8] belong to no tensor");
    }

    @Test
    void refusesMalformedEntriesAndMetadata() {
        assertRefused(file("{\"a\":[1]}", 0), "tensor 'a' is a list; expected an object with dtype, shape and "
                + "data_offsets");
        assertRefused(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[0,0],\"x\":1}}", 0),
                "tensor 'a' has the unknown key 'x'");
        assertRefused(file("{\"__metadata__\":{\"k\":1}}", 0), "__metadata__.k is 1; expected a string");
        assertRefused(file("{\"__metadata__\":[]}", 0), "__metadata__ is a list; expected an object of strings");
    }

    @Test
    void acceptsOffsetsListedOutOfOrderAsLongAsTheyTileTheData() {
        SafeTensors read = SafeTensors.read(ByteBuffer.wrap(file(entry("b", "[1]", 8, 16) + ","
                + entry("a", "[1]", 0, 8), 16)), SOURCE);

        assertEquals(List.of("b", "a"), List.copyOf(read.tensors().keySet()));
    }

    private static String entry(String name, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"F64\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end
                + "]}";
    }

    /** A file with {@code header} (wrapped in braces unless it is one object or other JSON) and zeros as data. */
    private static byte[] file(String header, int dataBytes) {
        String json = header.startsWith("{") || header.isEmpty() || !header.startsWith("\"") ? header
                : "{" + header + "}";
        return raw(json.getBytes(StandardCharsets.UTF_8), dataBytes);
    }

    private static byte[] raw(byte[] header, int dataBytes) {
        ByteBuffer bytes = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(header.length).put(header);
        return bytes.array();
    }

    private static void assertRefused(byte[] bytes, String expected) {
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> SafeTensors.read(ByteBuffer.wrap(bytes), SOURCE));
        assertTrue(e.getMessage().startsWith(SOURCE + ": ") && e.getMessage().contains(expected), e::getMessage);
    }
}
