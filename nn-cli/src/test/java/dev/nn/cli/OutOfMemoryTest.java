package dev.nn.cli;

import dev.nn.cli.support.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.nn.model.HeapLimit;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

final class OutOfMemoryTest {
    @Test
    void theMessageNamesTheHeapAndHowToRaiseIt() {
        String message = OutOfMemory.message();

        assertTrue(message.startsWith("error: out of memory (nn may use at most "
                + HeapLimit.describe(HeapLimit.max()) + " of heap): give it more, e.g. NN_JAVA_OPTS=-Xmx"), message);
        assertTrue(message.endsWith("g"), message);
    }

    @Test
    void anOutOfMemoryErrorAsACauseIsOneLineAndExitCodeOne() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = mock(CommandLine.class);
        when(commandLine.getErr()).thenReturn(new PrintWriter(err, true));
        Exception wrapped = new IllegalStateException("a kernel worker failed", new OutOfMemoryError("Java heap space"));

        int code = new ErrorReporter().handleExecutionException(wrapped, commandLine,
                mock(CommandLine.ParseResult.class));

        assertEquals(ExitCodes.FAILURE, code);
        assertEquals(OutOfMemory.message(), err.toString().strip());
    }

    @Test
    void otherFailuresAreNotOutOfMemory() {
        assertFalse(OutOfMemory.isCause(new UncheckedIOException(new java.io.IOException("disk full"))));
        assertTrue(OutOfMemory.isCause(new RuntimeException(new RuntimeException(new OutOfMemoryError()))));
    }

    @Test
    void theSuggestedHeapHasAQuarterToSpareAndAfterRunningOutAtLeastFourGigabytes() {
        assertEquals("NN_JAVA_OPTS=-Xmx1g", HeapLimit.setting(100e6));
        assertEquals("NN_JAVA_OPTS=-Xmx63g", HeapLimit.setting(50.0 * 1024 * 1024 * 1024));
        assertTrue(OutOfMemory.message().matches(".*-Xmx([4-9]|\\d\\d+)g"), OutOfMemory.message());
    }
}
