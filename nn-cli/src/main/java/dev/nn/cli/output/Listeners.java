package dev.nn.cli.output;

import dev.nn.train.BatchReport;
import dev.nn.train.EpochReport;
import dev.nn.train.TrainingListener;
import java.util.List;

/** Several listeners as one, called in order. */
public final class Listeners implements TrainingListener {
    private final List<TrainingListener> listeners;

    public Listeners(List<TrainingListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onBatch(BatchReport report) {
        listeners.forEach(listener -> listener.onBatch(report));
    }

    @Override
    public void onEpoch(EpochReport report) {
        listeners.forEach(listener -> listener.onEpoch(report));
    }
}
