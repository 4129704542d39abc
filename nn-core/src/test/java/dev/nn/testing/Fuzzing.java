package dev.nn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A small seeded fuzzer for property tests: generates inputs (random text, random bytes, mutations of a committed seed
 * corpus), runs a check on each and, on the first failure, saves the input under {@code target/fuzz-failures/} and
 * fails with what is needed to reproduce it.
 *
 * <p>Every try draws from its own {@link SplittableRandom} seeded from {@link #SEED}, the property's name and the
 * try's index, so a failure is reproduced by the same seed whatever ran before it. {@code -Dnn.fuzz.seed=N} changes
 * the seed, {@code -Dnn.fuzz.tries=N} the number of tries of every property (for a longer run), and
 * {@code -Dnn.fuzz.try=I} runs only try {@code I} (to debug a failure).
 */
public final class Fuzzing {
    /** The seed of every property; fixed so that {@code mvn verify} runs the same inputs every time. */
    public static final long SEED = Long.getLong("nn.fuzz.seed", 0x6E6E_F022L);
    /** The longest one input may take to be accepted or refused. */
    private static final long MAX_MILLIS_PER_INPUT = 5_000;

    /** YAML's syntax, and the scalars YAML 1.1 and Jackson read leniently. */
    private static final String[] YAML_PIECES = {
        ": ", "- ", "-", "[", "]", "{", "}", ",", "#", "&a ", "*a", "!!str ", "!!int ", "!!binary ",
        "!!javax.script.ScriptEngineManager ", "!<java.lang.ProcessBuilder> ", "!x ", "<<: ", "<<: *a", "---\n", "...\n",
        "? ", "|", ">", "'", "\"", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", "\t", "\n", "\n  ", "\n    ", "  ", "~",
        "null", "yes", "no", "on", "off", "y", "true", "017", "0x1F", "0o17", "0b101", "1_000", "1:30", ".nan", ".inf",
        "-.inf", "1e999", "-1e999", "99999999999", "99999999999999999999999", "4.7", "-4", "0", "\"4\"", "''",
        "\\u0000", "\u0000", "\u0085", "\u2028", "\uFEFF", "\uD800", "é", "😀",
        "units", "epochs", "batch_size", "layers", "weights", "bias", "activation", "loss", "optimizer", "input",
        "name", "training", "data", "train", "inputs", "targets", "format", "path", "alpha", "factor",
        "learning_rate", "momentum", "init", "type", "seed", "version", "metadata",
    };

    private Fuzzing() {
    }

    /** How many tries a property makes: {@code -Dnn.fuzz.tries}, else {@code defaultTries}. */
    public static int tries(int defaultTries) {
        return Integer.getInteger("nn.fuzz.tries", defaultTries);
    }

    /** Something a check may throw. */
    public interface Check<T> {
        void accept(T input) throws Exception;
    }

    /**
     * Runs {@code check} on {@code tries} inputs from {@code generator}.
     *
     * @param property names the property (and seeds it)
     * @param show the input as bytes, to save it when the check fails
     */
    public static <T> void forAll(String property, int tries, Function<SplittableRandom, T> generator,
                                  Function<T, byte[]> show, Check<T> check) {
        Integer only = Integer.getInteger("nn.fuzz.try");
        for (int i = only == null ? 0 : only; i < (only == null ? tries : only + 1); i++) {
            SplittableRandom random = new SplittableRandom(SEED ^ (31L * property.hashCode()) ^ (0x9E3779B97F4A7C15L * i));
            T input = generator.apply(random);
            long started = System.nanoTime();
            try {
                check.accept(input);
            } catch (Throwable e) {
                throw new AssertionError(failure(property, i, show.apply(input), e), e);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis > MAX_MILLIS_PER_INPUT) {
                throw new AssertionError(failure(property, i, show.apply(input), null) + ": took " + millis + " ms");
            }
        }
    }

    private static String failure(String property, int index, byte[] input, Throwable e) {
        Path saved = Path.of("target", "fuzz-failures", property + "-" + index + ".bin");
        try {
            Files.createDirectories(saved.getParent());
            Files.write(saved, input);
        } catch (IOException ignored) {
            saved = null;
        }
        return property + " failed at try " + index + " (reproduce with -Dnn.fuzz.seed=" + SEED + " -Dnn.fuzz.try="
                + index + "); input " + (saved == null ? "not saved" : "saved to " + saved.toAbsolutePath())
                + (e == null ? "" : ": " + e);
    }

    /** UTF-8 bytes of {@code text}, for {@link #forAll}'s {@code show}. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Random text of up to {@code maxLength} pieces: characters of every kind and pieces of YAML syntax. */
    public static String text(SplittableRandom random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(piece(random));
        }
        return text.toString();
    }

    /** One piece of text: mostly YAML-ish, sometimes any character. */
    static String piece(SplittableRandom random) {
        int kind = random.nextInt(10);
        if (kind < 4) {
            return YAML_PIECES[random.nextInt(YAML_PIECES.length)];
        }
        if (kind < 8) {
            return String.valueOf((char) (' ' + random.nextInt(95)));
        }
        if (kind < 9) {
            return String.valueOf((char) random.nextInt(32));
        }
        return new String(Character.toChars(random.nextInt(Character.MAX_CODE_POINT + 1)));
    }

    /** Random bytes, up to {@code maxLength}. */
    public static byte[] bytes(SplittableRandom random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * {@code seed} after one to five edits: a character replaced, inserted or deleted, a piece of YAML syntax
     * inserted, the text cut short, a line duplicated, dropped or moved, or its indentation changed.
     */
    public static String mutate(String seed, SplittableRandom random) {
        StringBuilder text = new StringBuilder(seed);
        int edits = 1 + random.nextInt(5);
        for (int e = 0; e < edits; e++) {
            int at = text.length() == 0 ? 0 : random.nextInt(text.length() + 1);
            switch (random.nextInt(9)) {
                case 0 -> {
                    if (at < text.length()) {
                        text.setCharAt(at, piece(random).charAt(0));
                    }
                }
                case 1 -> text.insert(at, piece(random));
                case 2 -> {
                    if (at < text.length()) {
                        text.deleteCharAt(at);
                    }
                }
                case 3 -> text.insert(at, YAML_PIECES[random.nextInt(YAML_PIECES.length)]);
                case 4 -> text.setLength(at);
                default -> editLines(text, random);
            }
        }
        return text.toString();
    }

    private static void editLines(StringBuilder text, SplittableRandom random) {
        List<String> lines = new ArrayList<>(List.of(text.toString().split("\n", -1)));
        int i = random.nextInt(lines.size());
        switch (random.nextInt(5)) {
            case 0 -> lines.add(i, lines.get(i));
            case 1 -> lines.remove(i);
            case 2 -> lines.add(random.nextInt(lines.size()), lines.remove(i));
            case 3 -> lines.set(i, "  " + lines.get(i));
            default -> lines.set(i, lines.get(i).stripLeading());
        }
        text.setLength(0);
        text.append(String.join("\n", lines));
    }

    /** {@code seed} with one to five bytes replaced, inserted or deleted, or cut short or extended. */
    public static byte[] mutate(byte[] seed, SplittableRandom random) {
        List<Byte> bytes = new ArrayList<>(seed.length + 8);
        for (byte b : seed) {
            bytes.add(b);
        }
        int edits = 1 + random.nextInt(5);
        for (int e = 0; e < edits; e++) {
            int at = bytes.isEmpty() ? 0 : random.nextInt(bytes.size() + 1);
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    if (at < bytes.size()) {
                        bytes.set(at, (byte) random.nextInt(256));
                    }
                }
                case 2 -> bytes.add(at, (byte) random.nextInt(256));
                case 3 -> {
                    if (at < bytes.size()) {
                        bytes.remove(at);
                    }
                }
                case 4 -> bytes.subList(at, bytes.size()).clear();
                default -> {
                    for (int n = random.nextInt(16); n > 0; n--) {
                        bytes.add((byte) random.nextInt(256));
                    }
                }
            }
        }
        byte[] result = new byte[bytes.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = bytes.get(i);
        }
        return result;
    }

    /** The files of the test resource folder {@code folder} whose names end with {@code suffix}, sorted. */
    public static List<Path> corpus(String folder, String suffix) {
        URL url = Fuzzing.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException("no test resource folder " + folder);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of every file in {@link #corpus}. */
    public static List<String> corpusTexts(String folder, String suffix) {
        List<String> texts = new ArrayList<>();
        for (Path file : corpus(folder, suffix)) {
            try {
                texts.add(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return texts;
    }
}
