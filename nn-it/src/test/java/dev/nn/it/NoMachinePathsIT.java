package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No file of the repository names a path that exists only on one machine, so that whatever a user reads or runs
 * works in their own checkout.
 *
 * <p>The rule: a tracked text file may not contain a path that starts at a user's home ({@code /home/},
 * {@code /Users/}, {@code /root/}), a scratch folder ({@code /tmp/}, {@code /var/tmp/}, {@code /private/tmp/}), a
 * build machine's work tree ({@code /work/}) or a Windows drive ({@code C:\}, also as a Java string writes it, with the backslash doubled). Such a path counts only where it
 * begins: at the start of a line or after a blank, a quote, a bracket, {@code =}, {@code :} or {@code ,}; and only
 * when a name follows the root, so {@code nn-core/target/tmp/}, {@code network/work/} and this paragraph's own
 * mentions of the roots are not paths outside the repository. Paths the platform
 * uses by design on every machine ({@code /usr/share/datasets/...}, where Debian installs the Fashion-MNIST files;
 * {@code /dev/null}, {@code /proc/cpuinfo}, {@code /usr/bin/python3}) are not in that set, and neither is the
 * documentation's placeholder {@code /path/to/}. The files are those {@code git ls-files} lists (a file that
 * holds a NUL byte is binary and skipped).
 *
 * <p>A few test inputs are such paths on purpose: strings a test escapes or a hostile document carries, never
 * opened. They are listed in {@link #ALLOWED}, each with the exact text allowed, so any other path in the same file
 * is still found.
 */
final class NoMachinePathsIT {
    private static final Pattern MACHINE_PATH = Pattern.compile(
            "(?<=^|[\\s'\"`(\\[{=:,])(?:/home/|/Users/|/root/|/tmp/|/var/tmp/|/private/tmp/|/work/|[A-Za-z]:(?:\\\\){1,2})[\\w.-]");

    /**
     * File -> the exact texts it may hold, each a test input that is never used as a path (written in parts, so that
     * this file does not hold them).
     */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            // the escaping of a path with an accent is tested on this string
            "nn-core/src/test/java/dev/nn/input/UserTextTest.java", Set.of("/" + "tmp/data é.csv"),
            // the JSON escaping of a backslash is tested on this string
            "nn-cli/src/test/java/dev/nn/cli/commands/ExportCommandTest.java", Set.of("C:\\\\x"),
            // the payload of a hostile YAML tag, which the loader must refuse without running it
            "nn-core/src/test/resources/fuzz-corpus/bad-tags.yaml", Set.of("/" + "tmp/nn-fuzz-pwned"));

    @Test
    void noTrackedFileNamesAPathOnOneMachine() throws IOException {
        Path repository = NnProcess.repository();
        List<String> found = new ArrayList<>();
        List<String> files = trackedFiles(repository);
        for (String file : files) {
            byte[] bytes = Files.readAllBytes(repository.resolve(file));
            if (isBinary(bytes)) {
                continue;
            }
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                for (String allowed : ALLOWED.getOrDefault(file, Set.of())) {
                    line = line.replace(allowed, "");
                }
                Matcher path = MACHINE_PATH.matcher(line);
                if (path.find()) {
                    found.add(file + ":" + (i + 1) + ": " + lines[i].strip());
                }
            }
        }

        assertTrue(files.size() > 100, "only " + files.size() + " tracked files found");
        assertEquals(List.of(), found, "paths that exist on one machine only (write them relative to the "
                + "repository, or as /path/to/... in an example):\n" + String.join("\n", found));
    }

    @Test
    void theRuleFindsMachinePathsAndLeavesTheRepositorysOwnAlone() {
        // Built from parts, so that this file does not hold the paths it tests the rule on.
        for (String path : List.of("/" + "home/me/data.csv", "see /" + "tmp/x.yaml", "--save=/" + "work/main/m.nn",
                "'/" + "Users/a/b'", "C:" + "\\data\\iris.csv", "(/" + "root/.m2/x)")) {
            assertTrue(MACHINE_PATH.matcher(path).find(), path);
        }
        for (String text : List.of("nn-core/target/tmp/x", "network/work/", "/usr/share/datasets/fashion-mnist",
                "/dev/null", "/path/to/data.csv", "~/.m2/repository", "a/tmp/b", "http://example.com/home/",
                "the folder /" + "tmp/ itself")) {
            assertTrue(!MACHINE_PATH.matcher(text).find(), text);
        }
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static List<String> trackedFiles(Path repository) {
        try {
            Path list = Files.createTempFile("nn-tracked-", ".txt");
            try {
                Process git = new ProcessBuilder("git", "ls-files", "-z").directory(repository.toFile())
                        .redirectOutput(list.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                assertTrue(git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0,
                        "git ls-files failed in " + repository);
                return Arrays.stream(Files.readString(list, StandardCharsets.UTF_8).split("\0"))
                        .filter(name -> !name.isEmpty())
                        .filter(name -> Files.isRegularFile(repository.resolve(name)))
                        .toList();
            } finally {
                Files.deleteIfExists(list);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git ls-files in " + repository, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
