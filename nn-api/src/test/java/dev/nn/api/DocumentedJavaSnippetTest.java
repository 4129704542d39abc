package dev.nn.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The "Use nn from Java" snippet of docs/models.md is code that is compiled and run: each of its lines is a line of the
 * example application's {@code Main.java}, in the same order (indentation aside), and {@code JavaApplicationIT}
 * builds and runs that application.
 */
final class DocumentedJavaSnippetTest {
    private static final Path REPOSITORY = Path.of(System.getProperty("nn.repository"));
    private static final String DOCUMENT = "docs/models.md";
    private static final Path MAIN = REPOSITORY.resolve("examples/java-app/src/main/java/com/example/nnapp/Main.java");

    @Test
    void everyLineOfTheSnippetIsALineOfTheExampleApplicationInOrder() throws IOException {
        List<String> snippet = snippet(Files.readAllLines(REPOSITORY.resolve(DOCUMENT)), "## Use nn from Java");
        List<String> main = Files.readAllLines(MAIN).stream().map(String::strip).toList();

        assertFalse(snippet.isEmpty(), "no java block under '## Use nn from Java' in " + DOCUMENT);
        int at = 0;
        for (String line : snippet) {
            while (at < main.size() && !main.get(at).equals(line)) {
                at++;
            }
            assertTrue(at < main.size(), DOCUMENT + "'s snippet line\n  " + line + "\nis not in " + MAIN
                    + " after the snippet's previous lines; keep the two the same");
            at++;
        }
    }

    /** The stripped, non-blank lines of the first {@code ```java} block after {@code heading}. */
    static List<String> snippet(List<String> readme, String heading) {
        List<String> lines = new ArrayList<>();
        int start = readme.indexOf(heading);
        if (start < 0) {
            return lines;
        }
        boolean inside = false;
        for (String line : readme.subList(start + 1, readme.size())) {
            if (!inside && line.startsWith("## ")) {
                break;
            }
            if (line.equals("```java")) {
                inside = true;
            } else if (inside && line.equals("```")) {
                break;
            } else if (inside && !line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }
}
