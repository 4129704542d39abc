package dev.nn.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.cli.commands.NnCommand;
import dev.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * {@code docs/cli.md} is the reference generated from the commands' picocli annotations: a changed option, default
 * or description fails here until the file is rewritten, with the one command that rewrites it in the message.
 */
final class CommandLineReferenceTest {
    private static final Path REPOSITORY = Path.of(System.getProperty("nn.repository", ".."));
    private static final Path COMMITTED = REPOSITORY.resolve(CommandLineReference.PATH);

    @Test
    void theCommittedReferenceIsTheGeneratedOne() throws IOException {
        String generated = CommandLineReference.ofNn().markdown();
        if (Boolean.getBoolean("nn.docs.write")) {
            AtomicFiles.write(COMMITTED, generated.getBytes(StandardCharsets.UTF_8));
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";

        assertEquals(generated, committed, CommandLineReference.PATH + " is not the reference the commands generate;"
                + " rewrite it with:\n  " + CommandLineReference.REGENERATE + "\n");
    }

    @Test
    void everyCommandHasASectionWithItsOptionsAndDefaults() {
        String reference = CommandLineReference.ofNn().markdown();

        for (Class<?> command : NnCommand.SUBCOMMANDS) {
            String name = command.getAnnotation(Command.class).name();
            assertTrue(reference.contains("\n## nn " + name + "\n"), name + " has no section");
            assertTrue(reference.contains("](#nn-" + name + ")"), name + " is not in the table of commands");
        }
        assertTrue(reference.contains("\n## nn plugins verify\n"), "nested commands have a section too");
        assertTrue(reference.contains("| `--timeout SECONDS` | `10` |"), "an option's default is shown");
        assertTrue(reference.contains("Exit codes: 0 success"), "the exit codes are given");
    }
}
