package dev.nn.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.datasources.CsvDataSourceProvider;
import dev.nn.datasources.IdxDataSourceProvider;
import dev.nn.model.ModelAssembler;
import dev.nn.spi.ComponentProvider;
import dev.nn.testing.Fuzzing;
import dev.nn.testing.TestComponents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: whatever text or bytes a spec file holds, the loader answers with a {@link LoadedSpec} or a
 * {@link SpecException} whose problems are placed in the file and say nothing of the parser's internals; never
 * another exception, never an {@link OutOfMemoryError}, never a hang. The inputs are random text rich in YAML syntax,
 * random bytes, and mutations of the committed corpus in {@code src/test/resources/fuzz-corpus}. What loads is also
 * assembled, which must likewise answer with a model or a {@link SpecException}.
 *
 * <p>{@link Fuzzing} describes the seed and how to run longer ({@code -Dnn.fuzz.tries=100000}).
 */
final class SpecLoaderFuzzTest {
    /** Jackson's, SnakeYAML's and Java's own words, which a user's message must not carry. */
    private static final Pattern INTERNALS = Pattern.compile(
            "com\\.fasterxml|org\\.yaml|java\\.|StreamReadConstraints|Exception|JsonToken|START_OBJECT"
                    + "|VALUE_STRING|FIELD_NAME|\\[Source:|from `");
    /** What a message quotes from the file: strings, raw values, tags, aliases and anchors. */
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'|\\([!*&][^)]*\\)|the alias \\*\\S*");
    private static final List<String> CORPUS = Fuzzing.corpusTexts("fuzz-corpus", ".yaml");

    private final SpecLoader loader = new SpecLoader();
    private final ModelAssembler assembler = new ModelAssembler(TestComponents.registry(providers()));

    @TempDir
    Path folder;

    private static List<ComponentProvider<?>> providers() {
        List<ComponentProvider<?>> providers = new ArrayList<>(TestComponents.standardProviders());
        providers.add(new CsvDataSourceProvider());
        providers.add(new IdxDataSourceProvider());
        return providers;
    }

    @Test
    void theCorpusHasValidAndInvalidSpecs() {
        int valid = 0;
        for (Path file : Fuzzing.corpus("fuzz-corpus", ".yaml")) {
            String name = file.getFileName().toString();
            if (name.startsWith("valid-")) {
                loader.load(file, name);
                valid++;
            } else {
                assertThrows(SpecException.class, () -> loader.load(file, name), name);
            }
        }
        assertTrue(valid >= 5, "valid seeds: " + valid);
        assertTrue(CORPUS.size() >= 15, "seeds: " + CORPUS.size());
    }

    @Test
    void anyTextIsASpecOrProblemsInTheFile() {
        Fuzzing.forAll("spec-text", Fuzzing.tries(600), r -> Fuzzing.text(r, 120), Fuzzing::utf8, this::check);
    }

    @Test
    void anyMutationOfTheCorpusIsASpecOrProblemsInTheFile() {
        Fuzzing.forAll("spec-mutation", Fuzzing.tries(800),
                r -> Fuzzing.mutate(CORPUS.get(r.nextInt(CORPUS.size())), r), Fuzzing::utf8, this::check);
    }

    @Test
    void anyBytesAreASpecOrProblemsInTheFile() throws IOException {
        Path file = folder.resolve("spec.yaml");
        Fuzzing.forAll("spec-bytes", Fuzzing.tries(200), r -> r.nextBoolean() ? Fuzzing.bytes(r, 200)
                : Fuzzing.mutate(Fuzzing.utf8(CORPUS.get(r.nextInt(CORPUS.size()))), r), b -> b, bytes -> {
                    Files.write(file, bytes);
                    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                    try {
                        assemble(loader.load(file, "spec.yaml"), text);
                    } catch (SpecException e) {
                        checkProblems(e, text);
                    }
                });
    }

    @Test
    void aTagNeverCreatesTheClassItNames() {
        String probe = Probe.class.getName();
        SpecException e = assertThrows(SpecException.class, () -> parse("""
                name: !!%s x
                input: !<%s> 2
                loss: !!%s {a: 1}
                optimizer: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://localhost/"]]]]
                """.formatted(probe, probe, probe)));

        assertNull(System.getProperty(Probe.CREATED), "a tag initialised " + probe);
        SpecProblem first = e.problems().get(0);
        assertEquals(1, first.line());
        assertEquals("name", first.path());
        assertTrue(first.message().startsWith("YAML tags (!!" + probe + ") are not allowed in a spec"),
                first.message());
        assertTrue(first.message().endsWith("(and 5 more tags in the file)"), first.message());
    }

    /** Initialised only if something creates it from a tag. */
    static final class Probe {
        static final String CREATED = "nn.test.probe.created";

        static {
            System.setProperty(CREATED, "true");
        }

        private Probe() {
        }
    }

    private void check(String text) {
        LoadedSpec loaded;
        try {
            loaded = parse(text);
        } catch (SpecException e) {
            checkProblems(e, text);
            return;
        }
        assemble(loaded, text);
    }

    private LoadedSpec parse(String text) {
        return loader.parse(folder.resolve("spec.yaml"), "spec.yaml", text);
    }

    /** What loads must assemble into a model or be refused with problems in the file. */
    private void assemble(LoadedSpec loaded, String text) {
        try {
            assembler.assemble(loaded, ModelAssembler.DataRequirement.OPTIONAL);
        } catch (SpecException e) {
            checkProblems(e, text);
        }
    }

    /** Every problem is placed in the file and in the platform's own words (quoting the input is fine). */
    private static void checkProblems(SpecException e, String input) {
        assertFalse(e.problems().isEmpty());
        assertTrue(e.problems().size() <= SpecLoader.MAX_REPORTED + 1, () -> e.problems().size() + " problems");
        for (SpecProblem problem : e.problems()) {
            assertEquals("spec.yaml", problem.file());
            assertTrue(problem.line() >= 0 && problem.column() >= 0, problem::toString);
            assertFalse(problem.message().isBlank(), problem::toString);
            Matcher internal = INTERNALS.matcher(QUOTED.matcher(problem.message()).replaceAll(""));
            while (internal.find()) {
                String word = internal.group();
                assertTrue(input.contains(word), () -> "internals (" + word + ") in " + problem);
            }
        }
    }
}
