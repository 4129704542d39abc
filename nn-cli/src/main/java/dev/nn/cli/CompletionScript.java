package dev.nn.cli;

import dev.nn.cli.commands.CompletionCommand;
import dev.nn.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the completion script into the distribution at build time ({@code completion/nn.bash}, by the Maven build
 * before the assembly): the script {@code nn completion} prints.
 */
public final class CompletionScript {
    private CompletionScript() {
    }

    /** {@code args[0]}: the file to write. */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]);
        Files.createDirectories(target.toAbsolutePath().getParent());
        PrintWriter discard = new PrintWriter(new StringWriter());
        AtomicFiles.write(target, CompletionCommand.script(Main.commandLine(discard, discard, new String[0]))
                .getBytes(StandardCharsets.UTF_8));
    }
}
