package dev.nn.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DataReadingTest {
    @TempDir
    Path folder;

    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);
    private final AtomicLong clock = new AtomicLong();

    @Test
    void offATerminalOneLineSaysWhatIsReadAndOneWhenItIsDone() throws IOException {
        Path train = Files.write(folder.resolve("train.csv"), new byte[2500]);
        Path test = Files.write(folder.resolve("test.csv"), new byte[500]);
        DataReading reading = new DataReading(out, List.of(train, test), List.of("data/train.csv", "data/test.csv"),
                false, () -> 80, clock::get);

        reading.begin();
        assertEquals("reading data/train.csv, data/test.csv (3.0 kB) ...\n", text.toString().replace("\r\n", "\n"));
        clock.addAndGet(4_213_000_000L);
        reading.done();
        reading.close();

        assertEquals("reading data/train.csv, data/test.csv (3.0 kB) ...\nread data/train.csv, data/test.csv (3.0 kB)"
                + " in 4.21 s\n", text.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void controlCharactersInANameAreShownEscaped() throws IOException {
        Path odd = Files.write(folder.resolve("odd.csv"), new byte[10]);
        DataReading reading = new DataReading(out, List.of(odd), List.of("da\u001b[2Jta\n.csv"), false, () -> 80,
                clock::get);

        reading.begin();

        assertEquals("reading da\\u001b[2Jta\\n.csv (10 B) ...", text.toString().strip());
    }

    @Test
    void noDataFilesNoLines() {
        DataReading reading = new DataReading(out, List.of(), List.of(), true, () -> 80, clock::get);
        reading.begin();
        reading.done();
        reading.close();
        assertEquals("", text.toString());
    }

    @Test
    void onATerminalTheLineFitsItsWidthNamingTheFileAndHowManyMore() throws IOException {
        Path train = Files.write(folder.resolve("fashion-mnist_train.csv"), new byte[1_500_000]);
        Path test = Files.write(folder.resolve("fashion-mnist_test.csv"), new byte[500_000]);
        DataReading reading = new DataReading(out, List.of(train, test),
                List.of("/a/long/folder/of/data/sets/fashion-mnist_train.csv", "fashion-mnist_test.csv"), true,
                () -> 60, clock::get);

        reading.begin();
        reading.done();

        String shown = text.toString();
        assertFalse(shown.contains("\u001b"), shown);
        for (String line : shown.split("[\r\n]+")) {
            assertTrue(line.length() <= 59, line);
        }
        assertTrue(shown.startsWith("\rreading fashion-mnist_train.csv (+1 more, 2.0 MB) ..."), shown);
        assertTrue(shown.contains("\rread fashion-mnist_train.csv (+1 more, 2.0 MB) in 0.00 s"), shown);
        assertTrue(shown.endsWith(System.lineSeparator()), shown);
    }

    @Test
    void theBytesReadAreTheReadPositionOfTheOpenDataFile() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fdinfo")), "Linux's /proc/self/fdinfo");
        Path train = Files.write(folder.resolve("train.csv"), new byte[10_000]);
        DataReading reading = new DataReading(out, List.of(train), List.of("train.csv"), true, () -> 80, clock::get);

        try (InputStream in = Files.newInputStream(train)) {
            in.readNBytes(4000);
            assertEquals(OptionalLong.of(4000), reading.bytesRead());
        }
        assertEquals(OptionalLong.of(10_000), reading.bytesRead(), "a file read and closed counts whole");
    }

    @Test
    void sizesReadAsUnits() {
        assertEquals("812 B", DataReading.bytes(812));
        assertEquals("4.5 kB", DataReading.bytes(4500));
        assertEquals("127 MB", DataReading.bytes(127_300_000));
        assertEquals("1.2 GB", DataReading.bytes(1_200_000_000L));
    }
}
