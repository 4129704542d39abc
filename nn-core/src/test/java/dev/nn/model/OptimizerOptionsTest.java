package dev.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.model.ModelAssembler.DataRequirement;
import dev.nn.optimizers.AdamWProvider;
import dev.nn.schedules.ConstantScheduleProvider;
import dev.nn.schedules.CosineScheduleProvider;
import dev.nn.schedules.PlateauScheduleProvider;
import dev.nn.schedules.StepScheduleProvider;
import dev.nn.spec.ComponentRef;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.SpecException;
import dev.nn.spec.SpecLoader;
import dev.nn.spec.SpecProblem;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ComponentProvider;
import dev.nn.spi.Optimizer;
import dev.nn.spi.OptimizerProvider;
import dev.nn.testing.TestComponents;
import dev.nn.train.GradientClipping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The platform's keys on the optimizer mapping: {@code schedule} (created through the registry, its problems placed
 * at {@code optimizer.schedule.KEY}), {@code clip_norm} and {@code clip_value}, and how the resolved spec writes
 * them with every default.
 */
final class OptimizerOptionsTest {
    private static final String NETWORK = """
            input: 2
            layers:
              - units: 1
            loss: half_se
            training:
              epochs: 4
            data:
              train:
                inputs: [[0, 1], [1, 0], [1, 1]]
                targets: [[1], [0], [0]]
            """;

    private final ModelAssembler assembler = new ModelAssembler(TestComponents.registry(providers()));

    @Test
    void aScheduleAndAClippingLimitReachTheTrainingSettings() {
        Model model = assemble("optimizer: {name: adamw, learning_rate: 0.05, clip_norm: 1.5, "
                + "schedule: {name: cosine, warmup_epochs: 2}}");

        assertTrue(model.training().schedule().isPresent());
        assertEquals(GradientClipping.byNorm(1.5), model.training().clipping());
    }

    @Test
    void theResolvedSpecWritesTheScheduleWithEveryDefaultAfterTheOptimizersOwnParameters() {
        Model model = assemble("optimizer: {name: sgd, schedule: step, clip_value: 0.5}".replace("step",
                "{name: step, step_size: 3}"));

        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("name", "step");
        schedule.put("step_size", 3L);
        schedule.put("gamma", 0.1);
        schedule.put("interval", "epoch");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("learning_rate", 0.01);
        expected.put("momentum", 0.0);
        expected.put("nesterov", false);
        expected.put("weight_decay", 0.0);
        expected.put("schedule", schedule);
        expected.put("clip_value", 0.5);
        ComponentRef resolved = model.resolvedSpec().optimizer();
        assertEquals("sgd", resolved.name());
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(resolved.parameters().keySet()));
        assertEquals(expected, resolved.parameters());
    }

    @Test
    void aBareScheduleNameIsResolvedWithItsDefaults() {
        Model model = assemble("optimizer: {name: sgd, schedule: constant}");

        assertEquals("constant", model.resolvedSpec().optimizer().parameters().get("schedule"));
        assertTrue(model.training().schedule().isPresent());
    }

    @Test
    void anUnknownScheduleIsAnsweredWithTheAvailableOnes() {
        SpecProblem problem = onlyProblem("optimizer: {name: sgd, schedule: {name: cosin}}");

        assertEquals("optimizer.schedule.name", problem.path());
        assertTrue(problem.message().contains("cosine"), problem.message());
        assertTrue(problem.message().contains("reduce_on_plateau"), problem.message());
    }

    @Test
    void aBadScheduleParameterIsPlacedAtItsKey() {
        SpecProblem problem = onlyProblem("optimizer: {name: sgd, schedule: {name: cosine, warmup_epochs: -1}}");

        assertEquals("optimizer.schedule.warmup_epochs", problem.path());
        assertTrue(problem.message().contains("expected a whole number >= 0 but found -1"), problem.message());
    }

    @Test
    void anUnknownScheduleParameterListsTheOnesItTakes() {
        SpecProblem problem = onlyProblem("optimizer: {name: sgd, schedule: {name: step, step_size: 2, gama: 0.5}}");

        assertEquals("optimizer.schedule.gama", problem.path());
        assertTrue(problem.message().contains("did you mean 'gamma'"), problem.message());
    }

    @Test
    void aRequiredScheduleParameterLeftOutIsNamed() {
        SpecProblem problem = onlyProblem("optimizer: {name: sgd, schedule: step}");

        assertEquals("optimizer.schedule.step_size", problem.path());
        assertTrue(problem.message().contains("(required) but found nothing"), problem.message());
    }

    @Test
    void aPlateauOnValidationLossWithoutAValidationSetIsRefused() {
        SpecProblem problem = onlyProblem("optimizer: {name: sgd, schedule: reduce_on_plateau}");

        assertEquals("optimizer.schedule.monitor", problem.path());
        assertTrue(problem.message().contains("monitors val_loss but there is no validation set"),
                problem.message());
    }

    @Test
    void clippingByNormAndByValueTogetherIsRefused() {
        SpecProblem problem = onlyProblem("optimizer: {name: sgd, clip_norm: 1.0, clip_value: 0.5}");

        assertEquals("optimizer.clip_value", problem.path());
        assertTrue(problem.message().contains("set one of them"), problem.message());
    }

    @Test
    void aClippingLimitMustBeAPositiveNumber() {
        SpecProblem problem = onlyProblem("optimizer: {name: sgd, clip_norm: 0}");

        assertEquals("optimizer.clip_norm", problem.path());
        assertTrue(problem.message().contains("expected a finite number > 0 but found 0"), problem.message());
    }

    @Test
    void anOptimizerWrittenBeforeSchedulesTrainsAsBeforeButRefusesASchedule() {
        Model plain = assemble("optimizer: {name: legacy}");
        assertTrue(plain.training().schedule().isEmpty());

        SpecProblem problem = onlyProblem("optimizer: {name: legacy, schedule: constant}");

        assertEquals("optimizer.schedule", problem.path());
        assertTrue(problem.message().contains("takes no learning rate from a schedule"), problem.message());
    }

    @Test
    void anUnknownOptimizerParameterListsTheScheduleAndClippingKeysToo() {
        SpecProblem problem = onlyProblem("optimizer: {name: sgd, clip_nrom: 1.0}");

        assertEquals("optimizer.clip_nrom", problem.path());
        assertTrue(problem.message().contains("did you mean 'clip_norm'"), problem.message());
    }

    private static List<ComponentProvider<?>> providers() {
        List<ComponentProvider<?>> providers = new ArrayList<>(TestComponents.standardProviders());
        providers.addAll(List.of(new AdamWProvider(), new ConstantScheduleProvider(), new StepScheduleProvider(),
                new CosineScheduleProvider(), new PlateauScheduleProvider(), new OptimizerProvider() {
                    @Override
                    public String name() {
                        return "legacy";
                    }

                    @Override
                    public Optimizer create(ComponentParameters parameters) {
                        return parameters1 -> { };
                    }
                }));
        return providers;
    }

    private Model assemble(String optimizer) {
        return assembler.assemble(load(NETWORK + optimizer + "\n"), DataRequirement.REQUIRED);
    }

    private static LoadedSpec load(String text) {
        return new SpecLoader().parse(Path.of("model.yaml"), "model.yaml", text);
    }

    private SpecProblem onlyProblem(String optimizer) {
        SpecException e = assertThrows(SpecException.class, () -> assemble(optimizer));
        assertEquals(1, e.problems().size(), e.problems()::toString);
        return e.problems().get(0);
    }
}
