package dev.nn.examples;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.LearningRateScheduleProvider;
import dev.nn.spi.ParameterException;

/**
 * Creates {@link InverseTimeDecay}: {@code inverse_time}, with parameter {@code decay_rate} (a number {@code >= 0},
 * default {@value InverseTimeDecay#DEFAULT_DECAY_RATE}), e.g.
 * {@code optimizer: {name: sgd, learning_rate: 0.1, schedule: {name: inverse_time, decay_rate: 0.5}}}.
 */
public final class InverseTimeDecayProvider implements LearningRateScheduleProvider {
    @Override
    public String name() {
        return "inverse_time";
    }

    @Override
    public String description() {
        return "learning_rate / (1 + decay_rate * epochs finished) (decay_rate >= 0, default 0.5)";
    }

    @Override
    public LearningRateSchedule create(ComponentParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        double decayRate = parameters.getDouble("decay_rate", InverseTimeDecay.DEFAULT_DECAY_RATE);
        if (!(decayRate >= 0)) {
            throw new ParameterException("decay_rate", "a number >= 0", String.valueOf(decayRate));
        }
        return new InverseTimeDecay(decayRate);
    }
}
