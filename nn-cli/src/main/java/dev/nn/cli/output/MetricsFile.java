package dev.nn.cli.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nn.io.AtomicFiles;
import dev.nn.train.EpochReport;
import dev.nn.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes {@code --metrics}: JSON Lines, one object per epoch ({@code {"epoch": 1, "loss": ..., "accuracy": ...}},
 * plus {@code val_loss} and {@code val_accuracy} with a validation set),
 * doubles in their shortest exact form. The file is replaced atomically after every epoch, so it is always whole
 * and holds every finished epoch.
 */
public final class MetricsFile implements TrainingListener {
    private final Path target;
    private final ObjectMapper json = new ObjectMapper();
    private final StringBuilder lines = new StringBuilder();

    public MetricsFile(Path target) {
        this.target = target;
    }

    @Override
    public void onEpoch(EpochReport report) {
        ObjectNode line = json.createObjectNode();
        line.put("epoch", report.epoch());
        line.put("loss", report.loss());
        report.accuracy().ifPresent(accuracy -> line.put("accuracy", accuracy));
        report.validation().ifPresent(validation -> {
            line.put("val_loss", validation.loss());
            validation.accuracy().ifPresent(accuracy -> line.put("val_accuracy", accuracy));
        });
        lines.append(line).append('\n');
        try {
            AtomicFiles.write(target, lines.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics file " + target + ": " + e.getMessage(), e);
        }
    }
}
