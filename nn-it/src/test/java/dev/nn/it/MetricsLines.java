package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A metrics file's lines for comparing runs bit for bit: every value but {@code seconds}, the epoch's wall-clock
 * time, which is the one that differs between two runs of the same spec and seed (and which lines a resumed run
 * copied from its checkpoint do not have). The rest of each line is kept exactly as written.
 */
final class MetricsLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsLines() {
    }

    /** The lines of {@code file} without their {@code seconds}, each checked to be a time when present. */
    static List<String> withoutTime(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(MetricsLines::withoutTime).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code line} without its {@code seconds}; the key order and the numbers' text stay. */
    static String withoutTime(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode seconds = node.get("seconds");
            if (seconds == null) {
                return line;
            }
            assertTrue(seconds.isNumber() && seconds.doubleValue() >= 0 && Double.isFinite(seconds.doubleValue()),
                    "not a time: " + line);
            ((ObjectNode) node).remove("seconds");
            // The rest as written: cut the ,"seconds":... member out of the text rather than re-encode the numbers.
            String cut = line.replaceFirst(",\"seconds\":[^,}]+", "");
            assertTrue(JSON.readTree(cut).equals(node), "seconds is not a plain member of " + line);
            return cut;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether every line of {@code file} has its epoch's {@code seconds}. */
    static boolean everyLineTimed(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .allMatch(line -> line.contains("\"seconds\":"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
