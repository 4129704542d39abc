package dev.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.data.DataSet;
import dev.nn.layers.DenseLayer;
import dev.nn.network.Network;
import dev.nn.random.SplitMix64;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class ConfusionMatrixTest {
    private static final List<String> ABC = List.of("a", "b", "c");

    /**
     * By hand: 3 a's predicted a, a, b; 2 b's predicted b, c; 1 c predicted c. Rows = true class:
     * <pre>
     *      a  b  c
     *   a  2  1  0
     *   b  0  1  1
     *   c  0  0  1
     * </pre>
     */
    private static ConfusionMatrix handCounted() {
        ConfusionMatrix matrix = new ConfusionMatrix(ABC);
        matrix.add(0, 0);
        matrix.add(0, 0);
        matrix.add(0, 1);
        matrix.add(1, 1);
        matrix.add(1, 2);
        matrix.add(2, 2);
        return matrix;
    }

    @Test
    void countsTotalsAndAccuracy() {
        ConfusionMatrix matrix = handCounted();

        assertEquals(2, matrix.count(0, 0));
        assertEquals(1, matrix.count(0, 1));
        assertEquals(0, matrix.count(1, 0));
        assertEquals(6, matrix.total());
        assertEquals(4, matrix.correct());
        assertEquals(4.0 / 6, matrix.accuracy(), 0.0);
        assertEquals(List.of(3L, 2L, 1L), List.of(matrix.support(0), matrix.support(1), matrix.support(2)));
        assertEquals(List.of(2L, 2L, 2L), List.of(matrix.predicted(0), matrix.predicted(1), matrix.predicted(2)));
    }

    @Test
    void precisionRecallAndF1PerClass() {
        ConfusionMatrix matrix = handCounted();

        // a: tp 2, predicted 2, support 3.  b: tp 1, predicted 2, support 2.  c: tp 1, predicted 2, support 1.
        assertEquals(1.0, matrix.precision(0), 0.0);
        assertEquals(2.0 / 3, matrix.recall(0), 0.0);
        assertEquals(0.8, matrix.f1(0), 1e-15);
        assertEquals(0.5, matrix.precision(1), 0.0);
        assertEquals(0.5, matrix.recall(1), 0.0);
        assertEquals(0.5, matrix.f1(1), 0.0);
        assertEquals(0.5, matrix.precision(2), 0.0);
        assertEquals(1.0, matrix.recall(2), 0.0);
        assertEquals(2.0 / 3, matrix.f1(2), 1e-15);
    }

    @Test
    void ratiosWithoutADenominatorAreNaN() {
        ConfusionMatrix matrix = new ConfusionMatrix(ABC);
        matrix.add(0, 0);
        matrix.add(1, 0);

        assertTrue(Double.isNaN(matrix.precision(1)), "b is never predicted");
        assertEquals(0.0, matrix.recall(1), 0.0);
        assertEquals(0.0, matrix.f1(1), 0.0);
        assertTrue(Double.isNaN(matrix.precision(2)));
        assertTrue(Double.isNaN(matrix.recall(2)), "c never occurs");
        assertTrue(Double.isNaN(matrix.f1(2)));
        assertTrue(Double.isNaN(new ConfusionMatrix(ABC).accuracy()));
    }

    @Test
    void addTakesTheFirstLargestColumnOfPredictionsAndTargets() {
        ConfusionMatrix matrix = new ConfusionMatrix(ABC);
        Tensor predictions = Tensor.of(new double[][] {{0.2, 0.5, 0.3}, {0.4, 0.4, 0.2}, {0.1, 0.1, 0.8}});
        Tensor targets = Tensor.of(new double[][] {{0, 1, 0}, {0, 1, 0}, {1, 0, 0}});

        matrix.add(predictions, targets);

        assertEquals(1, matrix.count(1, 1));
        assertEquals(1, matrix.count(1, 0), "a tie goes to the first class, as accuracy counts it");
        assertEquals(1, matrix.count(0, 2));
        assertEquals(3, matrix.total());
    }

    @Test
    void ofRunsTheNetworkOverEveryBatchAndAgreesWithTheEvaluatorsAccuracy() {
        Network network = identityNetwork();
        DataSet data = new DataSet(
                Tensor.of(new double[][] {{0.9, 0, 0}, {0, 0.8, 0.1}, {0.7, 0.2, 0}, {0, 0, 1}, {0, 0.6, 0.5}}),
                Tensor.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, 1}}));

        ConfusionMatrix matrix = ConfusionMatrix.of(network, data, ABC, 2);

        assertEquals(5, matrix.total(), "batches of 2, 2 and 1");
        assertEquals(1, matrix.count(0, 0));
        assertEquals(1, matrix.count(1, 1));
        assertEquals(1, matrix.count(1, 0));
        assertEquals(1, matrix.count(2, 2));
        assertEquals(1, matrix.count(2, 1));
        assertEquals(new Evaluator(network, 2).evaluate(data).accuracy().getAsDouble(), matrix.accuracy(), 0.0);
    }

    @Test
    void rejectsMismatchedShapesAndNonOneHotData() {
        ConfusionMatrix matrix = new ConfusionMatrix(ABC);

        assertThrows(IllegalArgumentException.class,
                () -> matrix.add(Tensor.zeros(2, 2), Tensor.zeros(2, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> matrix.add(Tensor.zeros(2, 3), Tensor.zeros(1, 3)));
        assertThrows(IndexOutOfBoundsException.class, () -> matrix.add(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(List.of()));
        DataSet regression = new DataSet(Tensor.of(new double[][] {{1, 2, 3}}),
                Tensor.of(new double[][] {{0.5, 0.5, 0}}));
        Network network = identityNetwork();
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(network, regression, ABC, 1));
    }

    /** y = x W^T with W = I: the prediction is the input row itself. */
    private static Network identityNetwork() {
        return new Network(List.of(new DenseLayer(1, 3, 3, TestComponents.IDENTITY,
                Optional.of(Tensor.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}})), Optional.empty(),
                (w, in, out, random) -> {
                    throw new AssertionError("weights are given");
                }, new SplitMix64(0))), TestComponents.HALF_SQUARED_ERROR);
    }
}
