package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.nn.it.MarkdownDocs.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every code block of {@code README.md} and {@code docs/} is run or checked, so the documentation cannot drift from
 * the program. The rules, which {@code docs/README.md} states for authors, by the block's language and the HTML
 * comment on the line before it (its marker):
 * <ul>
 *   <li>{@code <!-- not run: REASON -->}: skipped, and listed with its reason;</li>
 *   <li>{@code console}: each {@code $ } line is a command (continued by a trailing backslash), run in order; the
 *       lines after it are its output as shown, compared with the real output (stdout, then stderr) only under
 *       {@code <!-- output checked -->} ({@code <!-- output checked, exit N -->}: every command exits N), where a
 *       line {@code ...} stands for any lines and {@code ...} in a line for any text; otherwise each must exit 0;</li>
 *   <li>{@code sh}: every line is a command, comments after {@code #} aside, each must exit 0;</li>
 *   <li>{@code yaml}: a whole spec, which {@code nn validate} must accept; under {@code <!-- fragment of PATH -->}
 *       its top-level keys replace those of the spec at PATH first; under {@code <!-- same as PATH -->} it is the
 *       same YAML tree as the file at PATH;</li>
 *   <li>{@code <!-- lines of PATH -->} (any language): every non-blank line, stripped, is a line of PATH, in
 *       order;</li>
 *   <li>{@code <!-- tested by NAME -->}: the test class NAME exists and reads this page;</li>
 *   <li>{@code text} and unnamed blocks are shown output, messages or layouts, not commands: a {@code $ } line in
 *       one is an error, as is a {@code java} or {@code python} block without a marker.</li>
 * </ul>
 * A command is {@code nn} or {@code ./nn} (the packaged {@code bin/nn}) or {@code python3} (skipped, and listed,
 * when there is no numpy). Commands run in a scratch folder per page, holding copies of {@code examples/},
 * {@code docs/notebook/} and the golden specs of {@code nn-it/src/test/resources/}, so what one command saves the
 * next can read. Blocks that need the Fashion-MNIST files are skipped, and listed, where they are not installed.
 */
final class DocumentationIT {
    private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    private static final List<String> COPIED = List.of("examples", "docs/notebook", "nn-it/src/test/resources/golden",
            "nn-it/src/test/resources/golden-plugin");
    private static final Pattern OUTPUT_CHECKED = Pattern.compile("output checked(?:, exit (\\d+))?");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    @TempDir
    Path scratchRoot;

    private final Path repository = NnProcess.repository();
    private final List<String> notRun = new ArrayList<>();
    private final Map<String, Integer> checked = new TreeMap<>();

    @Test
    void everyBlockOfTheDocumentationRunsOrIsMarkedWithAReason() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Path file : MarkdownDocs.files(repository)) {
            Path scratch = scratch(file);
            for (Block block : MarkdownDocs.blocks(repository, file)) {
                try {
                    check(block, scratch);
                } catch (AssertionError e) {
                    failures.add(block.where() + ": " + e.getMessage());
                }
            }
        }

        System.out.println("documentation blocks checked: " + checked);
        System.out.println(notRun.size() + " blocks not run:");
        notRun.forEach(line -> System.out.println("  " + line));
        assertEquals(List.of(), failures, String.join("\n\n", failures));
        assertTrue(checked.getOrDefault("console", 0) >= 8 && checked.getOrDefault("yaml", 0) >= 5
                && checked.getOrDefault("lines of", 0) >= 5, "too few blocks found to trust the parser: " + checked);
    }

    /** The front page stays a front page: what nn is, how to start, links; the reference lives in docs/. */
    @Test
    void theReadmeIsAFrontPageOfAtMostTenKilobytes() throws IOException {
        long size = Files.size(repository.resolve("README.md"));

        assertTrue(size <= 10 * 1024, "README.md is " + size + " bytes; move reference text into docs/ (at most 10240)");
    }

    @Test
    void shownOutputMatchesOnlyTheRealOutputWithEllipsesForWhatVaries() {
        List<String> actual = List.of("epoch 1/2  loss 0.5", "epoch 2/2  loss 0.25", "trained in 0.054 s: loss 0.25");

        assertTrue(matches(List.of("epoch 1/2  loss 0.5", "...", "trained in ... s: loss 0.25"), 0, actual, 0));
        assertTrue(matches(List.of("...", "epoch 2/2  loss 0.25", "..."), 0, actual, 0));
        assertTrue(!matches(List.of("epoch 1/2  loss 0.5", "trained in ... s: loss 0.25"), 0, actual, 0),
                "a line left out without ... is a difference");
        assertTrue(!matches(List.of("epoch 1/2  loss 0.5", "...", "trained in ... s: loss 0.26"), 0, actual, 0));
        assertTrue(!matches(List.of("epoch 1/2  loss 0.5", "epoch 2/2  loss 0.25"), 0, actual, 0),
                "output beyond the shown lines is a difference unless they end in ...");
    }

    @Test
    void commandsAreSplitAsAShellWouldWithoutRunningOne() {
        assertEquals(List.of("nn", "train", "a b.yaml", "--set", "training.early_stopping={monitor: val_loss}"),
                words("nn train 'a b.yaml' --set \"training.early_stopping={monitor: val_loss}\""));
        for (String shell : List.of("nn predict m.nn > out.csv", "nn plugins | wc -l", "echo $HOME")) {
            try {
                words(shell);
                fail("accepted " + shell);
            } catch (AssertionError expected) {
                assertTrue(expected.getMessage().contains("without a shell"), expected.getMessage());
            }
        }
    }

    private void check(Block block, Path scratch) throws IOException {
        Optional<String> marker = block.marker();
        String language = block.language();
        if (marker.isPresent() && marker.get().startsWith("not run:")) {
            String reason = marker.get().substring("not run:".length()).strip();
            assertTrue(!reason.isEmpty(), "a block not run must say why");
            notRun.add(block.where() + ": " + reason);
            return;
        }
        if (marker.isPresent() && marker.get().startsWith("tested by ")) {
            testedBy(block, marker.get().substring("tested by ".length()).strip());
            count("tested by");
            return;
        }
        if (marker.isPresent() && marker.get().startsWith("lines of ")) {
            linesOf(block, marker.get().substring("lines of ".length()).strip());
            count("lines of");
            return;
        }
        switch (language) {
            case "console" -> console(block, scratch, marker);
            case "sh" -> shell(block, scratch, marker);
            case "yaml" -> yaml(block, scratch, marker);
            case "text", "" -> {
                assertTrue(marker.isEmpty(), "a text block takes no marker but has <!-- " + marker.orElse("") + " -->");
                for (String line : block.lines()) {
                    assertTrue(!line.startsWith("$ "), "a command in a text block (" + line + "): make it a console "
                            + "block, or mark it <!-- not run: REASON -->");
                }
                return;
            }
            default -> fail("a " + language + " block must be marked <!-- lines of PATH -->, <!-- tested by NAME -->"
                    + " or <!-- not run: REASON --> (see docs/README.md)");
        }
    }

    private void console(Block block, Path scratch, Optional<String> marker) {
        Matcher outputChecked = OUTPUT_CHECKED.matcher(marker.orElse(""));
        boolean compare = outputChecked.matches();
        assertTrue(marker.isEmpty() || compare, "unknown marker <!-- " + marker.orElse("") + " -->");
        int expectedExit = compare && outputChecked.group(1) != null ? Integer.parseInt(outputChecked.group(1)) : 0;
        List<String> lines = block.lines();
        assertTrue(!lines.isEmpty() && lines.get(0).startsWith("$ "), "a console block starts with a $ command");
        int i = 0;
        while (i < lines.size()) {
            StringBuilder command = new StringBuilder(lines.get(i).substring(2));
            while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                command.setLength(command.length() - 1);
                command.append(' ').append(lines.get(++i).strip());
            }
            i++;
            List<String> shown = new ArrayList<>();
            while (i < lines.size() && !lines.get(i).startsWith("$ ")) {
                shown.add(lines.get(i));
                i++;
            }
            Optional<Run> run = run(command.toString(), block, scratch);
            if (run.isEmpty()) {
                continue;
            }
            assertEquals(expectedExit, run.get().exitCode(), () -> "$ " + command + " exited "
                    + run.get().exitCode() + "\n" + run.get().output());
            if (compare) {
                List<String> actual = run.get().output().lines().map(String::stripTrailing).toList();
                List<String> expected = shown.stream().map(String::stripTrailing).toList();
                assertTrue(matches(expected, 0, actual, 0), () -> "$ " + command + ": the output shown\n"
                        + String.join("\n", expected) + "\nis not the real output\n" + String.join("\n", actual));
            }
        }
        count("console");
    }

    private void shell(Block block, Path scratch, Optional<String> marker) {
        assertTrue(marker.isEmpty(), "unknown marker <!-- " + marker.orElse("") + " --> on a sh block");
        for (String line : block.lines()) {
            String command = withoutComment(line).strip();
            if (command.isEmpty()) {
                continue;
            }
            Optional<Run> run = run(command, block, scratch);
            run.ifPresent(r -> assertEquals(0, r.exitCode(), () -> command + " exited " + r.exitCode() + "\n"
                    + r.output()));
        }
        count("sh");
    }

    private void yaml(Block block, Path scratch, Optional<String> marker) throws IOException {
        String text = block.text();
        if (marker.isPresent() && marker.get().startsWith("same as ")) {
            Path same = repository.resolve(marker.get().substring("same as ".length()).strip());
            assertEquals(YAML.readTree(same.toFile()), YAML.readTree(text),
                    "the spec shown is not the same YAML as " + repository.relativize(same));
            count("yaml");
            return;
        }
        Path spec;
        if (marker.isPresent() && marker.get().startsWith("fragment of ")) {
            String base = marker.get().substring("fragment of ".length()).strip();
            ObjectNode tree = (ObjectNode) YAML.readTree(repository.resolve(base).toFile());
            JsonNode fragment = YAML.readTree(text);
            fragment.fields().forEachRemaining(field -> tree.set(field.getKey(), field.getValue()));
            text = YAML.writeValueAsString(tree);
            spec = scratch.resolve(base).resolveSibling("doc-fragment-" + block.line() + ".yaml");
        } else {
            assertTrue(marker.isEmpty(), "unknown marker <!-- " + marker.orElse("") + " --> on a yaml block");
            spec = scratch.resolve("examples").resolve("doc-spec-" + block.line() + ".yaml");
        }
        if (needsFashionMnist(text, block)) {
            return;
        }
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, text, StandardCharsets.UTF_8);
        String written = text;
        Path plugins = scratch.resolve("doc-plugins");
        if (!Files.isDirectory(plugins)) {
            PluginJars.copyExamplePlugin(plugins);
        }
        NnProcess.Result validate = NnProcess.in(scratch).run("validate", scratch.relativize(spec).toString(),
                "--plugins", plugins.toString());
        assertEquals(0, validate.exitCode(), () -> "nn validate of the spec shown refuses it:\n" + validate.stderr()
                + "\nthe spec:\n" + written);
        count("yaml");
    }

    private void linesOf(Block block, String path) {
        Path file = repository.resolve(path);
        assertTrue(Files.isRegularFile(file), "no file " + path);
        List<String> source = MarkdownDocs.lines(repository, repository.relativize(file)).stream()
                .map(String::strip).toList();
        int at = 0;
        for (String line : block.lines()) {
            if (line.isBlank()) {
                continue;
            }
            String wanted = line.strip();
            while (at < source.size() && !source.get(at).equals(wanted)) {
                at++;
            }
            assertTrue(at < source.size(), "the line\n  " + wanted + "\nis not in " + path
                    + " after the block's previous lines; keep the two the same");
            at++;
        }
    }

    private void testedBy(Block block, String name) throws IOException {
        List<Path> tests = new ArrayList<>();
        Files.walkFileTree(repository, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String folder = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return folder.equals("target") || folder.startsWith(".") && !dir.equals(repository)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (file.getFileName().toString().equals(name + ".java") && file.toString().contains("/src/test/java/")) {
                    tests.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        assertEquals(1, tests.size(), "no test class " + name + " (or more than one): " + tests);
        String source = Files.readString(tests.get(0), StandardCharsets.UTF_8);
        assertTrue(source.contains(block.file().toString()), name + " does not read " + block.file());
    }

    /** Runs one command line; empty when it is skipped (and listed as such). */
    private Optional<Run> run(String commandLine, Block block, Path scratch) {
        List<String> words = words(commandLine);
        String program = words.get(0);
        List<String> args = words.subList(1, words.size());
        if (needsFashionMnist(commandLine, block)) {
            return Optional.empty();
        }
        if (program.equals("nn") || program.equals("./nn")) {
            NnProcess.Result result = NnProcess.in(scratch).run(args.toArray(String[]::new));
            return Optional.of(new Run(result.exitCode(), result.stdout() + result.stderr()));
        }
        if (program.equals("python3")) {
            if (!pythonWithNumpy()) {
                notRun.add(block.where() + ": python3 with numpy is not on the PATH");
                return Optional.empty();
            }
            return Optional.of(process(scratch, words));
        }
        throw new AssertionError("cannot run '" + program + "' (" + commandLine + "): a block runs nn, ./nn and "
                + "python3 only; mark it <!-- not run: REASON -->");
    }

    private boolean needsFashionMnist(String text, Block block) {
        if ((text.contains(FASHION_MNIST.toString()) || text.contains("train examples/fashion-mnist"))
                && !Files.isDirectory(FASHION_MNIST)) {
            notRun.add(block.where() + ": the Fashion-MNIST files are not installed (apt-get install "
                    + "dataset-fashion-mnist)");
            return true;
        }
        return false;
    }

    /** Shell words: blanks separate, single and double quotes group; pipes and redirections are refused. */
    static List<String> words(String commandLine) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : commandLine.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if ("|<>;&$`".indexOf(c) >= 0) {
                throw new AssertionError("'" + c + "' in " + commandLine + ": the documentation's commands are run "
                        + "without a shell; write plain commands, or mark the block <!-- not run: REASON -->");
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        assertEquals(0, quote, "a quote never closed in " + commandLine);
        if (word != null) {
            words.add(word.toString());
        }
        assertTrue(!words.isEmpty(), "an empty command");
        return words;
    }

    private static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /**
     * Whether the shown lines, from {@code e}, are the actual ones, from {@code a}: a shown {@code ...} line stands for
     * any number of lines, {@code ...} inside a line for any text.
     */
    static boolean matches(List<String> expected, int e, List<String> actual, int a) {
        if (e == expected.size()) {
            return a == actual.size();
        }
        if (expected.get(e).equals("...")) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (matches(expected, e + 1, actual, skip)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && lineMatches(expected.get(e), actual.get(a))
                && matches(expected, e + 1, actual, a + 1);
    }

    private static boolean lineMatches(String expected, String actual) {
        if (!expected.contains("...")) {
            return expected.equals(actual);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : expected.split("\\.\\.\\.", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return actual.matches(regex.toString());
    }

    private Path scratch(Path file) throws IOException {
        Path scratch = Files.createDirectories(scratchRoot.resolve(file.toString().replace('/', '_')));
        for (String folder : COPIED) {
            copy(repository.resolve(folder), scratch.resolve(folder));
        }
        return scratch;
    }

    private static void copy(Path source, Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : walk.filter(p -> !p.toString().contains("/target")).toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private void count(String kind) {
        checked.merge(kind, 1, Integer::sum);
    }

    private static Run process(Path directory, List<String> command) {
        try {
            Path output = Files.createTempFile("nn-doc-", ".txt");
            try {
                Process process = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish within 120 s");
                }
                return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static boolean pythonWithNumpy() {
        try {
            Process check = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Run(int exitCode, String output) {
    }
}
