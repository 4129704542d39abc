package dev.nn.cli.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nn.io.AtomicFiles;
import dev.nn.train.EpochReport;
import dev.nn.train.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;

/**
 * Writes {@code --metrics}: JSON Lines, one object per epoch ({@code {"epoch": 1, "loss": ..., "accuracy": ...}},
 * plus {@code val_loss} and {@code val_accuracy} with a validation set, {@code learning_rate}, the rate of the
 * epoch's first update, when the optimizer has one, and last {@code seconds}, the epoch's wall-clock time in seconds,
 * to the millisecond), doubles in their shortest exact form.
 *
 * <p>{@code seconds} is the one value that differs between two runs of the same spec and seed: compare metrics files
 * without it ({@code jq -c 'del(.seconds)'}). The lines a resumed run copies from its checkpoint have none (the
 * checkpoint keeps no times).
 *
 * <p>An existing file stays as it was until the first epoch finishes; then a new file holding that epoch's line
 * replaces it atomically (written beside it, synced, renamed). Every later epoch appends its line to the same open
 * file and flushes it, so each epoch costs one line whatever the number of epochs, and the file always holds every
 * finished epoch, whole lines only. {@link #close()} syncs it to disk. A FIFO, a device or a descriptor
 * ({@code --metrics >(wc -l)}) is streamed to directly, line by line.
 */
public final class MetricsFile implements TrainingListener, Closeable {
    private final Path target;
    private final UnaryOperator<OutputStream> tap;
    private final EpochTimer timer;
    private final ObjectMapper json = new ObjectMapper();
    private AtomicFiles.Output output;
    private OutputStream stream;

    /** Metrics of the epochs {@code timer} times (listed before this), into {@code target}. */
    public MetricsFile(Path target, EpochTimer timer) {
        this(target, timer, UnaryOperator.identity());
    }

    /** For tests: {@code tap} wraps the stream the lines are written to (to count the bytes each epoch writes). */
    MetricsFile(Path target, EpochTimer timer, UnaryOperator<OutputStream> tap) {
        this.target = target;
        this.timer = timer;
        this.tap = tap;
    }

    /**
     * For a resumed run: replaces the file at once, atomically, with the lines of {@code finished} (the epochs the
     * checkpoint holds), to which later epochs are appended; nothing happens when {@code finished} is empty.
     */
    public void startWith(List<EpochReport> finished) {
        if (finished.isEmpty()) {
            return;
        }
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (EpochReport report : finished) {
            lines.writeBytes(line(report, OptionalDouble.empty()));
        }
        write(lines.toByteArray());
    }

    @Override
    public void onEpoch(EpochReport report) {
        write(line(report, timer.lastEpochSeconds()));
    }

    private byte[] line(EpochReport report, OptionalDouble seconds) {
        ObjectNode line = json.createObjectNode();
        line.put("epoch", report.epoch());
        line.put("loss", report.loss());
        report.accuracy().ifPresent(accuracy -> line.put("accuracy", accuracy));
        report.validation().ifPresent(validation -> {
            line.put("val_loss", validation.loss());
            validation.accuracy().ifPresent(accuracy -> line.put("val_accuracy", accuracy));
        });
        report.learningRate().ifPresent(rate -> line.put("learning_rate", rate));
        seconds.ifPresent(time -> line.put("seconds", Math.round(time * 1000) / 1000.0));
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void write(byte[] bytes) {
        try {
            if (output == null) {
                output = AtomicFiles.open(target);
                stream = tap.apply(output.stream());
                stream.write(bytes);
                output.commit();
            } else {
                stream.write(bytes);
                output.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Syncs the lines written to disk and closes the file; nothing to do when no epoch finished. */
    @Override
    public void close() throws IOException {
        if (output != null) {
            output.close();
        }
    }
}
