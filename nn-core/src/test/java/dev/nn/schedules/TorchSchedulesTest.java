package dev.nn.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.FinishedEpoch;
import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.LearningRateScheduleProvider;
import dev.nn.spi.ScheduleProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in schedule gives the rates {@code torch.optim.lr_scheduler} gives for the same settings
 * ({@code schedules_torch.json}, written by {@code nn-it/src/test/resources/golden/generate_optimization_torch.py}):
 * torch computes most of them recursively (each rate from the last), the platform in closed form, so they agree to a
 * few ulps, and a wrong formula (an off-by-one epoch, the warm-up counted in the cosine's period) is off by far more.
 */
final class TorchSchedulesTest {
    private static final double TOLERANCE = 1e-12;

    static Stream<JsonNode> cases() {
        try (InputStream in = TorchSchedulesTest.class.getResourceAsStream("schedules_torch.json")) {
            List<JsonNode> cases = new ArrayList<>();
            new ObjectMapper().readTree(in).get("cases").forEach(cases::add);
            return cases.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givesTheRatesOfTorch(JsonNode golden) {
        LearningRateSchedule schedule = create(golden.get("schedule"));
        List<Double> rates = run(schedule, golden, 0, null);

        JsonNode expected = golden.get("rates");
        assertEquals(expected.size(), rates.size());
        for (int i = 0; i < rates.size(); i++) {
            double want = expected.get(i).doubleValue();
            assertEquals(want, rates.get(i), TOLERANCE * Math.max(1.0, Math.abs(want)),
                    golden.get("case").asText() + " update " + (i + 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aScheduleRestoredFromItsSavedStateContinuesWithTheSameRates(JsonNode golden) {
        int epochs = golden.get("epochs").intValue();
        int half = epochs / 2;
        LearningRateSchedule first = create(golden.get("schedule"));
        List<Double> uninterrupted = run(first, golden, 0, null);
        LearningRateSchedule before = create(golden.get("schedule"));
        run(before, golden, 0, half);
        Map<String, Double> saved = new LinkedHashMap<>(before.saveState());
        LearningRateSchedule after = create(golden.get("schedule"));
        after.loadState(saved);

        List<Double> resumed = run(after, golden, half, null);

        assertEquals(uninterrupted.subList(uninterrupted.size() - resumed.size(), uninterrupted.size()), resumed);
    }

    /** The rates of every update of epochs {@code from + 1} to {@code to} (all when null), telling each epoch's end. */
    private static List<Double> run(LearningRateSchedule schedule, JsonNode golden, int from, Integer to) {
        double base = golden.get("base_learning_rate").doubleValue();
        int epochs = golden.get("epochs").intValue();
        int batches = golden.get("batches_per_epoch").intValue();
        JsonNode metrics = golden.get("metrics");
        String monitor = golden.get("schedule").path("monitor").asText("val_loss");
        List<Double> rates = new ArrayList<>();
        for (int epoch = from + 1; epoch <= (to == null ? epochs : to); epoch++) {
            for (int batch = 1; batch <= batches; batch++) {
                rates.add(schedule.learningRate(new ScheduleProgress(base, epoch, epochs, batch, batches)));
            }
            double value = metrics == null ? 0.0 : metrics.get(epoch - 1).doubleValue();
            schedule.epochEnded(new FinishedEpoch(epoch, base,
                    name -> name.equals(monitor) ? OptionalDouble.of(value) : OptionalDouble.empty()));
        }
        return rates;
    }

    static LearningRateSchedule create(JsonNode written) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        written.properties().forEach(field -> {
            if (!field.getKey().equals("name")) {
                JsonNode value = field.getValue();
                parameters.put(field.getKey(), value.isTextual() ? value.asText() : value.isIntegralNumber()
                        ? (Object) value.longValue() : value.doubleValue());
            }
        });
        ComponentParameters read = new ComponentParameters(parameters);
        LearningRateSchedule schedule = provider(written.get("name").asText()).create(read);
        assertEquals(List.of(), List.copyOf(read.unread()), "parameters the schedule did not read");
        return schedule;
    }

    static LearningRateScheduleProvider provider(String name) {
        return ServiceLoader.load(LearningRateScheduleProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
