package dev.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.model.ModelAssembler.DataRequirement;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.SpecException;
import dev.nn.spec.SpecLoader;
import dev.nn.spec.SpecProblem;
import dev.nn.testing.TestComponents;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class MemoryEstimateTest {
    private final ModelAssembler assembler = new ModelAssembler(TestComponents.registry());

    @Test
    void countsParametersGradientsMomentsAndBatchBuffers() {
        LoadedSpec loaded = load(3, 5, "{name: sgd, momentum: 0.9}", 4);
        MemoryEstimate estimate = MemoryEstimate.of(loaded.spec(), 3, 4).orElseThrow();

        // 3-5-2: (5*3 + 5) + (2*5 + 2) = 32 parameters, each with a gradient, a velocity and a copy packed for
        // inference; per sample: the 3 inputs, then 3*5 + 3 and 3*2 + 5 buffer values.
        assertEquals(32, estimate.parameters());
        assertEquals(8 * (32 * 4 + 4 * (3 + 18 + 11)), estimate.bytes());
        assertEquals(0, estimate.largestLayer());
        assertEquals("with gradients and sgd's state", estimate.accounting());
    }

    @Test
    void aNetworkLargerThanTheHeapIsRefusedAtItsLargestLayerBeforeAnythingIsAllocated() {
        long units = HeapLimit.max() / 8 / 1000 / 4 + 1;

        SpecException e = assertThrows(SpecException.class,
                () -> assembler.assemble(load(1000, (int) units, "adam", 1), DataRequirement.OPTIONAL));

        SpecProblem problem = e.problems().get(0);
        assertEquals("layers[0].units", problem.path());
        assertEquals(3, problem.line());
        assertTrue(problem.message().startsWith("the network needs about "), problem.message());
        assertTrue(problem.message().contains(" parameters with gradients and adam's state) but nn may use at most "
                + HeapLimit.describe(HeapLimit.max()) + ": use fewer units, or give it more, e.g. NN_JAVA_OPTS=-Xmx"),
                problem.message());
    }

    @Test
    void aLayerOfMoreWeightsThanAnArrayHoldsIsRefused() {
        SpecException e = assertThrows(SpecException.class,
                () -> assembler.assemble(load(2, 2_000_000_000, "sgd", 1), DataRequirement.OPTIONAL));

        assertEquals("layers[0].units", e.problems().get(0).path());
    }

    @Test
    void largeCountsAreWrittenWithAnExponent() {
        assertEquals("4.6e9", MemoryEstimate.count(4.6e9));
        assertEquals("1.0e7", MemoryEstimate.count(9.99e6));
        assertEquals("999999", MemoryEstimate.count(999_999));
    }

    private static LoadedSpec load(int input, int units, String optimizer, int batch) {
        String text = """
                input: %d
                layers:
                  - units: %d
                  - units: 2
                loss: half_se
                optimizer: %s
                training:
                  epochs: 1
                  batch_size: %d
                """.formatted(input, units, optimizer, batch);
        return new SpecLoader().parse(Path.of("model.yaml"), "model.yaml", text);
    }
}
