package dev.nn.cli;

import dev.nn.cli.support.UserInputException;
import dev.nn.cli.support.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.inject.CreationException;
import com.google.inject.spi.Message;
import dev.nn.io.WriteFailedException;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentOrigin;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.registry.DuplicateComponentException;
import dev.nn.spec.SpecException;
import dev.nn.spec.SpecProblem;
import dev.nn.spi.ActivationProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

final class ErrorReporterTest {
    private final StringWriter err = new StringWriter();
    private final CommandLine commandLine = mock(CommandLine.class);
    private final CommandLine.ParseResult parseResult = mock(CommandLine.ParseResult.class);

    @BeforeEach
    void streams() {
        when(commandLine.getErr()).thenReturn(new PrintWriter(err, true));
    }

    @Test
    void userInputExceptionIsBadInputInOneLine() {
        int code = handle(new UserInputException("--save out/model.yaml: the folder out does not exist"));

        assertEquals(ExitCodes.BAD_INPUT, code);
        assertEquals("error: --save out/model.yaml: the folder out does not exist", err.toString().strip());
    }

    @Test
    void runtimeExceptionIsAFailureThatOffersTheStackTrace() {
        int code = handle(new IllegalStateException("boom"));

        assertEquals(ExitCodes.FAILURE, code);
        assertEquals(List.of("error: boom", "(run with --verbose for the stack trace)"), err.toString().lines().toList());
    }

    @Test
    void aFileThatCouldNotBeWrittenIsAFailureInOneLineAlsoFromAListener() {
        WriteFailedException full = new WriteFailedException(java.nio.file.Path.of("m.jsonl"),
                "cannot write m.jsonl: No space left on device (the old m.jsonl is unchanged)",
                new java.io.IOException("No space left on device"));

        int code = handle(new java.io.UncheckedIOException(full.getMessage(), full));

        assertEquals(ExitCodes.FAILURE, code);
        assertEquals(List.of("error: cannot write m.jsonl: No space left on device (the old m.jsonl is unchanged)"),
                err.toString().lines().toList());
    }

    @Test
    void anExceptionWithoutAMessageIsNamedByItsClass() {
        int code = handle(new NullPointerException());

        assertEquals(ExitCodes.FAILURE, code);
        assertTrue(err.toString().startsWith("error: java.lang.NullPointerException"), err.toString());
    }

    @Test
    void everySpecProblemIsPrintedWithTheirCount() {
        SpecException spec = new SpecException(List.of(
                new SpecProblem("model.yaml", 3, 5, "layers[0].units", "expected a whole number but found 4.7"),
                new SpecProblem("model.yaml", 9, 1, "loss", "unknown loss 'mse2'")));

        int code = handle(spec);

        assertEquals(ExitCodes.BAD_INPUT, code);
        assertEquals(List.of(
                "error: model.yaml:3:5: layers[0].units: expected a whole number but found 4.7",
                "error: model.yaml:9:1: loss: unknown loss 'mse2'",
                "2 problems found"), err.toString().lines().toList());
    }

    @Test
    void aDuplicateComponentInsideGuicesCreationExceptionIsBadInput() {
        ActivationProvider first = mock(ActivationProvider.class);
        ActivationProvider second = mock(ActivationProvider.class);
        DuplicateComponentException duplicate = new DuplicateComponentException(
                new DiscoveredComponent(ComponentKind.ACTIVATION, "relu", first,
                        new ComponentOrigin("a.jar", Optional.empty())),
                new DiscoveredComponent(ComponentKind.ACTIVATION, "relu", second,
                        new ComponentOrigin("b.jar", Optional.empty())));
        CreationException creation = new CreationException(List.of(new Message(List.of(), "wrapped", duplicate)));

        int code = handle(creation);

        assertEquals(ExitCodes.BAD_INPUT, code);
        assertEquals("error: " + duplicate.getMessage(), err.toString().strip());
    }

    @Test
    void withoutVerboseThereIsNoStackTrace() {
        handle(new UserInputException("bad"));
        handle(new IllegalStateException("boom"));

        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void verboseAddsTheStackTraceButKeepsTheExitCode() {
        when(parseResult.hasMatchedOption("--verbose")).thenReturn(true);

        int code = handle(new UserInputException("bad"));

        assertEquals(ExitCodes.BAD_INPUT, code);
        assertTrue(err.toString().startsWith("error: bad"), err.toString());
        assertTrue(err.toString().contains(UserInputException.class.getName()), err.toString());
        assertTrue(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void verboseOnTheSubcommandCounts() {
        CommandLine.ParseResult subcommand = mock(CommandLine.ParseResult.class);
        when(parseResult.subcommand()).thenReturn(subcommand);
        when(subcommand.hasMatchedOption("--verbose")).thenReturn(true);

        int code = handle(new IllegalStateException("boom"));

        assertEquals(ExitCodes.FAILURE, code);
        assertFalse(err.toString().contains("(run with --verbose"), err.toString());
        assertTrue(err.toString().contains("\tat "), err.toString());
    }

    private int handle(Exception exception) {
        return new ErrorReporter().handleExecutionException(exception, commandLine, parseResult);
    }
}
