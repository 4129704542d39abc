import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.inject.Guice;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The least a start of {@code nn validate} can cost with the libraries it is built on, for bench/run's W5 rows: a
 * JVM that parses one argument with picocli and then, step by step, creates an empty Guice injector and reads the
 * spec into a Jackson YAML tree, nothing else. bench/run gives it the same JVM options and the same kind of start-up
 * archive as bin/nn, and the library settings dev.nn.cli.Main applies.
 *
 * <p>{@code StartUpFloor LIBRARIES SPEC}: LIBRARIES is {@code java} (no library: the JVM reads the file's size),
 * {@code picocli}, {@code picocli+guice} or {@code picocli+guice+jackson}.
 */
@Command(name = "floor", mixinStandardHelpOptions = true)
public final class StartUpFloor implements Callable<Integer> {
    @Parameters(index = "0")
    String libraries;

    @Parameters(index = "1")
    Path spec;

    @Override
    public Integer call() throws Exception {
        Object result = spec.getFileName();
        if (libraries.contains("guice")) {
            result = Guice.createInjector();
        }
        if (libraries.contains("jackson")) {
            result = new YAMLMapper().readTree(spec.toFile());
        }
        System.out.println(libraries + ": " + result.getClass().getSimpleName());
        return 0;
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("java")) {
            System.out.println("java: " + java.nio.file.Files.size(Path.of(args[1])) + " bytes");
            return;
        }
        dev.nn.cli.Main.applyLeanStartUp();
        System.exit(new CommandLine(new StartUpFloor()).execute(args));
    }
}
