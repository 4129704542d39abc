package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of bad inputs in {@code nn-it/src/test/resources/corpus}: one folder per case with the input (a spec,
 * data files, a plugins folder) and an {@code expect.properties} giving the command, its arguments, the exit code
 * and the parts the message must contain ({@code contains.1}, {@code contains.2}, ...). Each case runs against the
 * packaged CLI as a process, in a copy of its folder; it must exit as expected, print nothing on stdout (but the
 * line {@code nn train} prints as it starts reading the data files), say every
 * part on stderr and show no stack trace (no {@code --verbose}); every line of stderr must be short and free of
 * control characters, whatever the input quotes.
 *
 * <p>Inputs git cannot hold, or should not, are made in the copy before the run: {@code fifo=NAME} makes a named
 * pipe, {@code symlink.NAME=TARGET} a symbolic link, and {@code fill.NAME=COUNT} replaces {@code @FILL@} in the
 * file with COUNT letters {@code x} (a 10 MB cell).
 *
 * <p>Hostile documents too large to commit (an alias bomb, 10,000 levels of nesting, a 110 MB document, a 60 MB
 * document in a 128 MB heap) are written at test time and must be refused quickly in small memory.
 */
final class BadInputCorpusIT {
    /** Hostile input takes at most this longer to refuse than a one-line spec. */
    private static final Duration QUICKLY = Duration.ofSeconds(5);
    private static final String SMALL_HEAP = "-Xmx128m";
    /** The longest line of a message: a quoted value is cut at 60 characters, so only lists make lines long. */
    private static final int MAX_LINE = 2000;

    /**
     * One case of the corpus.
     *
     * @param name the folder
     * @param command {@code train} or {@code validate}
     * @param args the arguments after the command
     * @param exit the expected exit code
     * @param contains what stderr must contain, in order of {@code contains.N}
     * @param setup the {@code fifo}, {@code symlink.*} and {@code fill.*} properties
     */
    record Case(String name, String command, List<String> args, int exit, List<String> contains,
                Map<String, String> setup) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Path corpus() {
        return NnProcess.testResources("corpus");
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> folders = Files.list(corpus())) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                Properties expect = new Properties();
                try (InputStream in = Files.newInputStream(folder.resolve("expect.properties"))) {
                    expect.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                }
                List<String> contains = new ArrayList<>();
                for (int i = 1; expect.containsKey("contains." + i); i++) {
                    contains.add(expect.getProperty("contains." + i));
                }
                Map<String, String> setup = new TreeMap<>();
                for (String key : expect.stringPropertyNames()) {
                    if (key.equals("fifo") || key.startsWith("symlink.") || key.startsWith("fill.")) {
                        setup.put(key, expect.getProperty(key));
                    }
                }
                cases.add(new Case(folder.getFileName().toString(), expect.getProperty("command", "train"),
                        List.of(expect.getProperty("args", "spec.yaml").trim().split("\\s+")),
                        Integer.parseInt(expect.getProperty("exit")), contains, setup));
            }
        }
        return cases;
    }

    @Test
    void theCorpusHasAtLeastFortyFiveCasesEachSayingWhatItExpects() throws IOException {
        List<Case> cases = cases();

        assertTrue(cases.size() >= 45, "cases: " + cases.size());
        for (Case c : cases) {
            assertFalse(c.contains().isEmpty(), c.name() + " expects nothing");
            assertTrue(List.of("train", "validate").contains(c.command()), c.name() + ": " + c.command());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBadInputFailsWithItsExitCodeAndAClearMessage(Case c, @TempDir Path dir) throws IOException {
        Path work = dir.resolve(c.name());
        copy(corpus().resolve(c.name()), work);
        setUp(work, c.setup());
        List<String> args = new ArrayList<>();
        args.add(c.command());
        args.addAll(c.args());

        NnProcess.Result run = NnProcess.in(work).run(args.toArray(String[]::new));

        assertEquals(c.exit(), run.exitCode(), run::describe);
        // nn train says at once that it reads the data; that line, which names the files as the spec does, is all
        assertEquals(List.of(), run.stdoutLines().stream().filter(line -> !line.matches("reading .* \\.\\.\\."))
                .toList(), "nothing may be trained or printed\n" + run.describe());
        assertTrue(run.stdoutLines().size() <= 1, run::describe);
        assertTrue(run.stderr().contains("error: "), run::describe);
        for (String part : c.contains()) {
            assertTrue(run.stderr().contains(part), "stderr lacks \"" + part + "\"\n" + run.describe());
        }
        assertNoStackTrace(run);
        for (String line : run.stderrLines()) {
            assertTrue(line.length() < MAX_LINE, "a line of " + line.length() + " characters\n"
                    + line.substring(0, Math.min(line.length(), 500)));
            assertTrue(line.chars().noneMatch(ch -> ch < 0x20 && ch != '\t'), "a control character in " + line);
        }
    }

    /** Makes what {@link Case#setup()} asks for in the copy of the case's folder. */
    private static void setUp(Path work, Map<String, String> setup) throws IOException {
        for (Map.Entry<String, String> step : setup.entrySet()) {
            String key = step.getKey();
            if (key.equals("fifo")) {
                Process mkfifo = new ProcessBuilder("mkfifo", work.resolve(step.getValue()).toString())
                        .redirectErrorStream(true).start();
                try {
                    assertTrue(mkfifo.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "mkfifo hangs");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                assertEquals(0, mkfifo.exitValue(), "mkfifo failed");
            } else if (key.startsWith("symlink.")) {
                Files.createSymbolicLink(work.resolve(key.substring("symlink.".length())), Path.of(step.getValue()));
            } else {
                Path file = work.resolve(key.substring("fill.".length()));
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Files.writeString(file, text.replace("@FILL@", "x".repeat(Integer.parseInt(step.getValue()))),
                        StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void anAliasBombIsRefusedQuicklyInSmallMemory(@TempDir Path dir) throws IOException {
        StringBuilder bomb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            bomb.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        bomb.append("input: *a9\n");
        Files.writeString(dir.resolve("bomb.yaml"), bomb);

        NnProcess.Result run = refusedQuickly(dir, "bomb.yaml");

        assertTrue(run.stderr().contains("bomb.yaml:2:10: a1[0]: YAML aliases (*a0) are not allowed in a spec"),
                run::describe);
        assertTrue(run.stderr().contains("(and 90 more aliases in the file)"), run::describe);
        assertTrue(run.stderr().contains("YAML anchors (&a0) are not allowed"), run::describe);
    }

    @Test
    void tenThousandLevelsOfNestingAreRefusedQuicklyInSmallMemory(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("lists.yaml"), "input: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
        Files.writeString(dir.resolve("maps.yaml"), "input: " + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000)
                + "\n");
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            block.append("- ");
        }
        Files.writeString(dir.resolve("block.yaml"), block.append("1\n"));

        NnProcess.Result lists = refusedQuickly(dir, "lists.yaml");
        NnProcess.Result maps = refusedQuickly(dir, "maps.yaml");
        NnProcess.Result blocks = refusedQuickly(dir, "block.yaml");

        assertTrue(lists.stderr().contains("lists.yaml:1:71: refused: the document nests mappings and lists more "
                + "than 64 levels deep"), lists::describe);
        assertTrue(maps.stderr().contains("maps.yaml:1:") && maps.stderr().contains("more than 64 levels deep"),
                maps::describe);
        assertTrue(blocks.stderr().contains("block.yaml:1:") && blocks.stderr().contains("more than 64 levels deep"),
                blocks::describe);
    }

    @Test
    void aHundredMegabyteDocumentIsRefusedUnreadInSmallMemory(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        writeNumbers(big, 110L * 1024 * 1024);

        NnProcess.Result run = refusedQuickly(dir, "big.yaml");

        assertTrue(run.stderr().contains("error: big.yaml: the file is " + Files.size(big)
                + " bytes; a spec may be at most 67108864 bytes (64 MB); refused unread"), run::describe);
    }

    @Test
    void aDocumentTooLargeForTheHeapIsRefusedWithoutAnOutOfMemoryError(@TempDir Path dir) throws IOException {
        writeNumbers(dir.resolve("large.yaml"), 60L * 1024 * 1024);

        NnProcess.Result run = refusedQuickly(dir, "large.yaml");

        assertTrue(run.stderr().contains("error: large.yaml: not enough memory to read this spec"), run::describe);
        assertTrue(run.stderr().contains("NN_JAVA_OPTS=-Xmx"), run::describe);
    }

    /** {@code input: [0.5, 0.5, ...]} of about {@code bytes} bytes: valid YAML, one enormous list. */
    private static void writeNumbers(Path file, long bytes) throws IOException {
        String chunk = "0.5, ".repeat(20_000);
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
            out.write("name: big\ninput: [");
            for (long written = 0; written < bytes; written += chunk.length()) {
                out.write(chunk);
            }
            out.write("0.5]\n");
        }
    }

    /**
     * Runs {@code nn validate FILE} in 128 MB; it must exit 2 without a stack trace, taking at most
     * {@link #QUICKLY} longer than refusing a one-line spec just before (so a busy machine's slow JVM start does not
     * count).
     */
    private static NnProcess.Result refusedQuickly(Path dir, String file) throws IOException {
        Path tiny = Files.writeString(dir.resolve("tiny-" + file), "input: x\n");
        long started = System.nanoTime();
        NnProcess.Result baseline = validateInSmallHeap(dir, tiny.getFileName().toString());
        Duration base = Duration.ofNanos(System.nanoTime() - started);
        started = System.nanoTime();
        NnProcess.Result run = validateInSmallHeap(dir, file);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(2, baseline.exitCode(), baseline::describe);
        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.stderr().contains("error: " + file), run::describe);
        assertNoStackTrace(run);
        assertTrue(took.minus(base).compareTo(QUICKLY) < 0, "took " + took + ", a one-line spec " + base + "\n"
                + run.describe());
        System.out.println("nn validate " + file + " refused in " + took.toMillis() + " ms (" + SMALL_HEAP
                + "; a one-line spec: " + base.toMillis() + " ms)");
        return run;
    }

    private static NnProcess.Result validateInSmallHeap(Path dir, String file) {
        return NnProcess.in(dir).env("NN_JAVA_OPTS", SMALL_HEAP).timeout(Duration.ofSeconds(120)).run("validate", file);
    }

    private static void assertNoStackTrace(NnProcess.Result run) {
        for (String stream : List.of(run.stdout(), run.stderr())) {
            assertFalse(stream.contains("\tat "), "stack trace without --verbose\n" + run.describe());
            assertFalse(stream.contains("Exception"), "an exception's name without --verbose\n" + run.describe());
            assertFalse(stream.contains("OutOfMemoryError"), "out of memory\n" + run.describe());
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
