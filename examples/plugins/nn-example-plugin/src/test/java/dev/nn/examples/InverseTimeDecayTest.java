package dev.nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.ParameterException;
import dev.nn.spi.ScheduleProgress;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class InverseTimeDecayTest {
    @Test
    void divideTheBaseRateByOnePlusDecayTimesFinishedEpochs() {
        LearningRateSchedule schedule = new InverseTimeDecayProvider()
                .create(new ComponentParameters(Map.of("decay_rate", 0.5)));

        // 0.1 / (1 + 0.5 t): t = 0, 1, 2, 3 gives 0.1, 0.1 / 1.5, 0.05, 0.04; every update of an epoch alike.
        assertEquals(0.1, schedule.learningRate(new ScheduleProgress(0.1, 1, 4, 1, 3)), 1e-15);
        assertEquals(0.1, schedule.learningRate(new ScheduleProgress(0.1, 1, 4, 3, 3)), 1e-15);
        assertEquals(0.0666666666666667, schedule.learningRate(new ScheduleProgress(0.1, 2, 4, 2, 3)), 1e-15);
        assertEquals(0.05, schedule.learningRate(new ScheduleProgress(0.1, 3, 4, 1, 3)), 1e-15);
        assertEquals(0.04, schedule.learningRate(new ScheduleProgress(0.1, 4, 4, 1, 3)), 1e-15);
    }

    @Test
    void aNegativeDecayRateIsRefusedNamingTheParameter() {
        ParameterException e = assertThrows(ParameterException.class, () -> new InverseTimeDecayProvider()
                .create(new ComponentParameters(Map.of("decay_rate", -1.0))));

        assertEquals("decay_rate", e.parameter());
    }
}
