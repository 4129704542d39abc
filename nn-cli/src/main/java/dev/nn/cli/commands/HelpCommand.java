package dev.nn.cli.commands;

import dev.nn.cli.support.ExitCodes;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nn help [COMMAND]}: the usage of nn, or of one command. An unknown name gets one line naming the commands
 * (exit 2), not nn's whole usage after it, which is what picocli's own help command prints.
 */
@Command(name = "help", helpCommand = true,
        description = "Print the usage of nn, or with a COMMAND the usage of that command (as nn COMMAND --help).")
public final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Callable<Integer> {
    @Parameters(paramLabel = "COMMAND", arity = "0..1", completionCandidates = CommandNames.class,
            description = "The command whose usage to print.")
    String command;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;
    private PrintWriter err;

    /** The commands' names, for shell completion of {@code nn help <TAB>}. */
    static final class CommandNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return NnCommand.SUBCOMMANDS.stream().map(c -> c.getAnnotation(Command.class).name()).iterator();
        }
    }

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter outWriter,
            PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = outWriter;
        this.err = errWriter;
    }

    @Override
    public Integer call() {
        CommandLine nn = self.getParent();
        if (command == null) {
            nn.usage(out, colors);
            out.flush();
            return ExitCodes.OK;
        }
        CommandLine named = nn.getSubcommands().get(command);
        if (named == null) {
            err.println("error: nn help: unknown command '" + command + "'; the commands are "
                    + String.join(", ", nn.getSubcommands().keySet()));
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        named.usage(out, colors);
        out.flush();
        return ExitCodes.OK;
    }
}
