package dev.nn.cli.docs;

import static java.util.Objects.requireNonNull;

import dev.nn.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the command-line reference as Markdown from picocli's model of every command: for each command (the
 * subcommands in the order {@code nn --help} lists them, nested ones after their parent) its synopsis, description,
 * parameters and options with their defaults, and the footer of {@code nn} itself, which holds the exit codes.
 *
 * <p>The text depends only on the annotations of the commands, never on the machine: no terminal width (the synopsis
 * is laid out at picocli's default 80 columns), no colour. {@code CommandLineReferenceTest} compares it with the
 * committed {@code docs/cli.md}.
 */
public final class CommandLineReference {
    /** The generated file's path in the repository. */
    public static final String PATH = "docs/cli.md";

    /** How to rewrite {@link #PATH} from the code, printed where it is stale. */
    public static final String REGENERATE =
            "mvn -B -o -q test -pl nn-cli -am -Dtest=CommandLineReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
                    + " -Dnn.docs.write=true";

    private static final int SYNOPSIS_WIDTH = 80;

    private final CommandLine root;

    /** The reference of {@code root} and every subcommand registered with it. */
    public CommandLineReference(CommandLine root) {
        this.root = requireNonNull(root, "root is null");
    }

    /** The reference of the {@code nn} command line as {@link Main} builds it for {@code nn --help}. */
    public static CommandLineReference ofNn() {
        PrintWriter discard = new PrintWriter(new StringWriter());
        return new CommandLineReference(Main.commandLine(discard, discard, new String[0]));
    }

    /** The whole Markdown document. */
    public String markdown() {
        StringBuilder text = new StringBuilder();
        text.append("# Command-line reference\n\n")
                .append("<!-- Generated from the picocli annotations by dev.nn.cli.docs.CommandLineReference; do not ")
                .append("edit.\n     Rewrite it with: ").append(REGENERATE).append(" -->\n\n")
                .append("Every command and option of `nn`, as `nn COMMAND --help` prints them. The guides explain ")
                .append("them with examples: [the spec](spec.md), [data](data.md), [training](training.md), ")
                .append("[models](models.md), [plugins](plugins.md), [errors and exit codes](errors.md).\n\n");
        List<CommandLine> commands = new ArrayList<>();
        collect(root, commands);
        text.append("| command | what it does |\n|---|---|\n");
        for (CommandLine command : commands) {
            text.append("| [`").append(qualifiedName(command)).append("`](#").append(anchor(command)).append(") | ")
                    .append(cell(firstSentence(description(command.getCommandSpec())))).append(" |\n");
        }
        for (CommandLine command : commands) {
            text.append('\n');
            section(command, text);
        }
        return text.toString();
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (sub.getKey().equals(sub.getValue().getCommandName())) { // aliases are listed once
                collect(sub.getValue(), into);
            }
        }
    }

    private static void section(CommandLine command, StringBuilder text) {
        CommandSpec spec = command.getCommandSpec();
        text.append("## ").append(qualifiedName(command)).append("\n\n");
        Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
        spec.usageMessage().width(SYNOPSIS_WIDTH);
        text.append("```text\n").append(help.synopsis(0).stripTrailing()).append("\n```\n\n");
        text.append(description(spec)).append("\n");
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream()
                .filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            text.append("\n| parameter | description |\n|---|---|\n");
            for (PositionalParamSpec positional : positionals) {
                text.append("| `").append(positional.paramLabel()).append("` | ")
                        .append(cell(String.join(" ", positional.description()))).append(" |\n");
            }
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            text.append("\n| option | default | description |\n|---|---|---|\n");
            for (OptionSpec option : options) {
                text.append("| ").append(cell(optionCell(option))).append(" | ").append(defaultCell(option)).append(" | ")
                        .append(cell(String.join(" ", option.description()))).append(" |\n");
            }
        }
        List<String> subcommands = new ArrayList<>();
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (sub.getKey().equals(sub.getValue().getCommandName())) {
                subcommands.add("[`" + qualifiedName(sub.getValue()) + "`](#" + anchor(sub.getValue()) + ")");
            }
        }
        if (!subcommands.isEmpty()) {
            text.append("\nCommands: ").append(String.join(", ", subcommands)).append(".\n");
        }
        String footer = String.join(" ", spec.usageMessage().footer()).strip();
        if (!footer.isEmpty()) {
            text.append('\n').append(footer).append('\n');
        }
    }

    private static String qualifiedName(CommandLine command) {
        return command.getCommandSpec().qualifiedName(" ");
    }

    /** GitHub's anchor of the heading {@code ## nn plugins verify}: lower case, spaces as hyphens. */
    static String anchor(CommandLine command) {
        return qualifiedName(command).toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    private static String description(CommandSpec spec) {
        return String.join(" ", spec.usageMessage().description()).strip();
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    private static String optionCell(OptionSpec option) {
        StringBuilder cell = new StringBuilder();
        for (String name : option.names()) {
            if (cell.length() > 0) {
                cell.append(", ");
            }
            cell.append('`').append(name);
            if (option.arity().max() > 0) {
                cell.append(' ').append(option.paramLabel());
            }
            cell.append('`');
        }
        return cell.toString();
    }

    private static String defaultCell(OptionSpec option) {
        if (option.arity().max() == 0 || option.usageHelp() || option.versionHelp()) {
            return "";
        }
        String value = option.defaultValue() != null ? option.defaultValue() : null;
        if (value == null) {
            Object initial = option.initialValue();
            if (initial instanceof CharSequence || initial instanceof Number || initial instanceof Enum<?>) {
                value = initial.toString();
            }
        }
        return value == null || value.isEmpty() ? "" : "`" + value + "`";
    }

    /** Text for one Markdown table cell: pipes escaped, no line breaks. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
