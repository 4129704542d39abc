package dev.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.nn.data.DataSet;
import dev.nn.layers.DenseLayer;
import dev.nn.network.Network;
import dev.nn.optimizers.Sgd;
import dev.nn.random.SplitMix64;
import dev.nn.spi.Activation;
import dev.nn.spi.ElementwiseActivation;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Loss;
import dev.nn.spi.Optimizer;
import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import dev.nn.testing.FixedLayerContext;
import dev.nn.testing.ScaleLayer;
import dev.nn.testing.TestComponents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

final class TrainerTest {
    private static final ForwardContext.Mode TRAINING = ForwardContext.Mode.TRAINING;
    private static final ForwardContext.Mode INFERENCE = ForwardContext.Mode.INFERENCE;

    /** x = 1, 2, 3 with target 0: through y = x, each sample's loss is x^2 / 2, i.e. 0.5, 2 and 4.5. */
    private static final DataSet THREE_SAMPLES = new DataSet(
            Tensor.of(new double[][] {{1}, {2}, {3}}), Tensor.of(new double[][] {{0}, {0}, {0}}));

    @Test
    void eachUpdateGetsTheSchedulesRateAndEachEpochReportsItsFirstUpdatesRate() {
        Optimizer optimizer = mock(Optimizer.class);
        when(optimizer.learningRate()).thenReturn(java.util.OptionalDouble.of(0.5));
        dev.nn.spi.LearningRateSchedule perUpdate = progress -> progress.baseLearningRate()
                / (progress.completedSteps() + 1);
        Trainer trainer = new Trainer(identityNetwork(TestComponents.HALF_SQUARED_ERROR), optimizer,
                new TrainingSettings(2, 2, false, 0).with(Optional.of(perUpdate), GradientClipping.NONE));

        TrainingResult result = trainer.train(THREE_SAMPLES, new TrainingListener() { });

        InOrder order = inOrder(optimizer);
        for (double rate : new double[] {0.5, 0.25, 0.5 / 3, 0.125}) {
            order.verify(optimizer).step(any(), org.mockito.ArgumentMatchers.eq(rate));
        }
        assertEquals(List.of(0.5, 0.5 / 3), result.epochs().stream()
                .map(r -> r.learningRate().getAsDouble()).toList());
    }

    @Test
    void withoutAScheduleEveryUpdateUsesTheOptimizersOwnRate() {
        Optimizer optimizer = mock(Optimizer.class);
        when(optimizer.learningRate()).thenReturn(java.util.OptionalDouble.of(0.125));
        Trainer trainer = new Trainer(identityNetwork(TestComponents.HALF_SQUARED_ERROR), optimizer,
                new TrainingSettings(2, 2, false, 0));

        TrainingResult result = trainer.train(THREE_SAMPLES, new TrainingListener() { });

        verify(optimizer, times(4)).step(any(), org.mockito.ArgumentMatchers.eq(0.125));
        assertEquals(0.125, result.last().learningRate().getAsDouble());
    }

    @Test
    void gradientsAreClippedBeforeTheUpdateSeesThem() {
        Optimizer optimizer = mock(Optimizer.class);
        List<Double> seen = new ArrayList<>();
        org.mockito.Mockito.doAnswer(call -> {
            List<Parameter> parameters = call.getArgument(0);
            seen.add(parameters.get(0).gradient().data()[0]);
            return null;
        }).when(optimizer).step(any(), anyDouble());
        Trainer trainer = new Trainer(identityNetwork(TestComponents.HALF_SQUARED_ERROR), optimizer,
                new TrainingSettings(1, 3, false, 0).with(Optional.empty(), GradientClipping.byValue(0.25)));

        trainer.train(THREE_SAMPLES, new TrainingListener() { });

        assertEquals(List.of(0.25), seen);
    }

    @Test
    void reportsEveryBatchWithOneBasedIndicesAndEveryEpochInOrder() {
        TrainingListener listener = mock(TrainingListener.class);
        Trainer trainer = new Trainer(identityNetwork(TestComponents.HALF_SQUARED_ERROR), mock(Optimizer.class),
                new TrainingSettings(2, 2, false, 0));

        trainer.train(THREE_SAMPLES, listener);

        ArgumentCaptor<BatchReport> batches = ArgumentCaptor.forClass(BatchReport.class);
        verify(listener, times(2 * 2)).onBatch(batches.capture());
        assertEquals(List.of("1.1/2:2", "1.2/2:1", "2.1/2:2", "2.2/2:1"),
                batches.getAllValues().stream()
                        .map(r -> r.epoch() + "." + r.batch() + "/" + r.batches() + ":" + r.size()).toList());
        InOrder order = inOrder(listener);
        order.verify(listener).onBatch(argThat(r -> r.epoch() == 1 && r.batch() == 1));
        order.verify(listener).onBatch(argThat(r -> r.epoch() == 1 && r.batch() == 2));
        order.verify(listener).onEpoch(argThat(r -> r.epoch() == 1 && r.epochs() == 2));
        order.verify(listener).onBatch(argThat(r -> r.epoch() == 2 && r.batch() == 1));
        order.verify(listener).onBatch(argThat(r -> r.epoch() == 2 && r.batch() == 2));
        order.verify(listener).onEpoch(argThat(r -> r.epoch() == 2 && r.epochs() == 2));
        order.verifyNoMoreInteractions();
    }

    @Test
    void theEpochLossIsTheBatchSizeWeightedMeanOfTheBatchLosses() {
        TrainingListener listener = mock(TrainingListener.class);
        Optimizer unchanged = mock(Optimizer.class);
        Trainer trainer = new Trainer(identityNetwork(TestComponents.HALF_SQUARED_ERROR), unchanged,
                new TrainingSettings(1, 2, false, 0));

        TrainingResult result = trainer.train(THREE_SAMPLES, listener);

        // Batch 1 = samples 1, 2: (0.5 + 2) / 2 = 1.25; batch 2 = sample 3: 4.5.
        // Weighted: (2 * 1.25 + 1 * 4.5) / 3 = 7 / 3; the unweighted mean would be 2.875.
        ArgumentCaptor<BatchReport> batches = ArgumentCaptor.forClass(BatchReport.class);
        verify(listener, times(2)).onBatch(batches.capture());
        assertEquals(1.25, batches.getAllValues().get(0).loss(), 1e-15);
        assertEquals(4.5, batches.getAllValues().get(1).loss(), 1e-15);
        assertEquals(7.0 / 3, result.last().loss(), 1e-15);
        assertFalse(result.interrupted());
        assertTrue(result.last().accuracy().isEmpty());
        verify(unchanged, times(2)).step(any(), anyDouble());
    }

    @Test
    void eachBatchLossIsTakenBeforeItsUpdate() {
        // One sample x = 1, t = 0, w = 1, b = 0: y = 1, loss 0.5, dL/dw = dL/db = 1; sgd with rate 0.25 makes
        // w = 0.75, b = -0.25, so y = 0.5 and the next epoch's loss is 0.125; then dL/dw = dL/db = 0.5, w = 0.625,
        // b = -0.375, y = 0.25 and the loss 0.03125.
        DataSet one = new DataSet(Tensor.of(new double[][] {{1}}), Tensor.of(new double[][] {{0}}));
        Trainer trainer = new Trainer(identityNetwork(TestComponents.HALF_SQUARED_ERROR), new Sgd(0.25, 0),
                new TrainingSettings(3, 1, false, 0));

        TrainingResult result = trainer.train(one, mock(TrainingListener.class));

        assertEquals(List.of(0.5, 0.125, 0.03125), result.epochs().stream().map(EpochReport::loss).toList());
    }

    @Test
    void shufflingVisitsEverySampleOncePerEpochInTheSeededOrder() {
        RecordingLoss loss = new RecordingLoss();
        Trainer trainer = new Trainer(identityNetwork(loss), mock(Optimizer.class),
                new TrainingSettings(2, 2, true, 0));

        trainer.train(indexedSamples(5), mock(TrainingListener.class));

        // Fisher-Yates with SplitMix64(0 ^ 0x2545F4914F6CDD1D), computed independently with the Python
        // transcription in SplitMix64Test: S(0x2545F4914F6CDD1D).shuffled(5) twice.
        assertEquals(List.of(4, 2, 3, 0, 1, 4, 3, 1, 0, 2), loss.seen);
        assertEquals(List.of(2, 2, 1, 2, 2, 1), loss.batchSizes);
    }

    @Test
    void shufflingIsDeterministicForASeedAndDiffersForAnother() {
        List<Integer> first = visitOrder(42);
        List<Integer> second = visitOrder(42);
        List<Integer> other = visitOrder(43);

        assertEquals(first, second);
        assertNotEquals(first, other);
        for (int epoch = 0; epoch < 3; epoch++) {
            List<Integer> visited = new ArrayList<>(first.subList(epoch * 7, (epoch + 1) * 7));
            visited.sort(null);
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), visited, "epoch " + (epoch + 1) + ": " + first);
        }
    }

    @Test
    void withoutShufflingSamplesAreVisitedInFileOrder() {
        RecordingLoss loss = new RecordingLoss();
        Trainer trainer = new Trainer(identityNetwork(loss), mock(Optimizer.class),
                new TrainingSettings(2, 2, false, 9));

        trainer.train(indexedSamples(5), mock(TrainingListener.class));

        assertEquals(List.of(0, 1, 2, 3, 4, 0, 1, 2, 3, 4), loss.seen);
    }

    @Test
    void aStopRequestEndsTrainingAfterTheCurrentBatch() {
        TrainingListener listener = mock(TrainingListener.class);
        Optimizer optimizer = mock(Optimizer.class);
        Trainer trainer = new Trainer(identityNetwork(TestComponents.HALF_SQUARED_ERROR), optimizer,
                new TrainingSettings(5, 1, false, 0));

        TrainingResult result = trainer.train(THREE_SAMPLES, listener, () -> true);

        verify(listener, times(1)).onBatch(any());
        verify(listener, never()).onEpoch(any());
        verify(optimizer, times(1)).step(any(), anyDouble());
        assertTrue(result.interrupted());
        assertTrue(result.epochs().isEmpty());
    }

    @Test
    void aStopRequestedInTheSecondEpochKeepsTheFirstEpochsReport() {
        TrainingListener listener = mock(TrainingListener.class);
        AtomicInteger checks = new AtomicInteger();
        Trainer trainer = new Trainer(identityNetwork(TestComponents.HALF_SQUARED_ERROR), mock(Optimizer.class),
                new TrainingSettings(5, 2, false, 0));

        TrainingResult result = trainer.train(THREE_SAMPLES, listener, () -> checks.incrementAndGet() == 3);

        verify(listener, times(3)).onBatch(any());
        verify(listener, times(1)).onEpoch(any());
        assertTrue(result.interrupted());
        assertEquals(1, result.epochs().size());
    }

    @Test
    void aStopRequestedAfterTheLastBatchIsNotAnInterruption() {
        AtomicInteger checks = new AtomicInteger();
        Trainer trainer = new Trainer(identityNetwork(TestComponents.HALF_SQUARED_ERROR), mock(Optimizer.class),
                new TrainingSettings(2, 2, false, 0));

        TrainingResult result = trainer.train(THREE_SAMPLES, mock(TrainingListener.class),
                () -> checks.incrementAndGet() == 4);

        assertFalse(result.interrupted());
        assertEquals(2, result.epochs().size());
    }

    @Test
    void countCorrectPicksTheFirstIndexOnTies() {
        Tensor predictions = Tensor.of(new double[][] {{0.5, 0.5, 0}, {0.2, 0.2, 0.2}, {0, 1, 1}, {0.5, 0.5, 0}});
        Tensor targets = Tensor.of(new double[][] {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 1, 0}});

        // Ties go to the first index: row 0 -> 0 (right), row 1 -> 0 (right), row 2 -> 1 (right), row 3 -> 0
        // (wrong). Picking the last index instead would get none right.
        assertEquals(3, Trainer.countCorrect(predictions, targets));
    }

    @Test
    void countCorrectComparesTheLargestPredictionWithTheTargetsOne() {
        Tensor predictions = Tensor.of(new double[][] {{0.1, 0.7, 0.2}, {-3, -1, -2}, {0.3, 0.3, 0.4}});
        Tensor targets = Tensor.of(new double[][] {{0, 1, 0}, {0, 1, 0}, {1, 0, 0}});

        assertEquals(2, Trainer.countCorrect(predictions, targets));
    }

    @Test
    void oneHotTargetsGiveAnAccuracyPerEpoch() {
        // Identity weights: predictions are the inputs. Row 0 picks 0 (right), row 1 picks 1 (wrong), row 2 ties
        // and picks 0 (wrong): accuracy 1/3.
        DataSet data = new DataSet(Tensor.of(new double[][] {{0.9, 0.1}, {0.2, 0.8}, {0.5, 0.5}}),
                Tensor.of(new double[][] {{1, 0}, {1, 0}, {0, 1}}));
        Network network = new Network(List.of(dense(2, Tensor.of(new double[][] {{1, 0}, {0, 1}}),
                TestComponents.IDENTITY)), TestComponents.HALF_SQUARED_ERROR);

        TrainingResult result = new Trainer(network, mock(Optimizer.class), new TrainingSettings(1, 2, false, 0))
                .train(data, mock(TrainingListener.class));

        assertEquals(1.0 / 3, result.last().accuracy().orElseThrow(), 1e-15);
    }

    @Test
    void theBatchReportCarriesTheGradientsBeforeTheUpdate() {
        // x = 2, t = 0, w = 1, b = 0: y = 2, dL/dy = 2, dL/dw = 4, dL/db = 2.
        DataSet one = new DataSet(Tensor.of(new double[][] {{2}}), Tensor.of(new double[][] {{0}}));
        List<double[]> gradients = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onBatch(BatchReport report) {
                gradients.add(report.parameters().get(0).gradient().data().clone());
                gradients.add(report.parameters().get(1).gradient().data().clone());
            }
        };

        new Trainer(identityNetwork(TestComponents.HALF_SQUARED_ERROR), new Sgd(0.1, 0),
                new TrainingSettings(1, 1, false, 0)).train(one, listener);

        assertArrayEquals(new double[] {4}, gradients.get(0));
        assertArrayEquals(new double[] {2}, gradients.get(1));
    }

    @Test
    void anActivationGivingNanForFiniteInputIsNamedWithoutALearningRateHint() {
        ElementwiseActivation nanForward = elementwise(x -> x > 0.5 ? Double.NaN : x, x -> 1);
        Network network = new Network(List.of(dense(1, Tensor.of(new double[][] {{1}}), TestComponents.IDENTITY),
                dense(1, Tensor.of(new double[][] {{1}}), nanForward)), TestComponents.HALF_SQUARED_ERROR);
        Trainer trainer = new Trainer(network, new Sgd(0.1, 0), new TrainingSettings(3, 3, false, 0), labels(2));

        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> trainer.train(THREE_SAMPLES, mock(TrainingListener.class)));

        assertEquals("layer 2 activation 'a2' (plugin x.jar) gave NaN for finite input at epoch 1, batch 1/1 "
                + "(the loss is NaN); training stopped there", e.getMessage());
    }

    @Test
    void anActivationWhoseBackwardGivesNanForFiniteInputIsNamed() {
        ElementwiseActivation nanBackward = elementwise(x -> x, x -> x > 0.5 ? Double.NaN : 1);
        Network network = new Network(List.of(dense(1, Tensor.of(new double[][] {{1}}), nanBackward),
                dense(1, Tensor.of(new double[][] {{1}}), TestComponents.IDENTITY)), TestComponents.HALF_SQUARED_ERROR);
        Trainer trainer = new Trainer(network, new Sgd(0.1, 0), new TrainingSettings(3, 3, false, 0), labels(2));

        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> trainer.train(THREE_SAMPLES, mock(TrainingListener.class)));

        assertEquals("layer 1 activation 'a1' (plugin x.jar) gave NaN in backward for finite input at epoch 1, "
                + "batch 1/1 (parameter W1 became non-finite); training stopped there", e.getMessage());
    }

    @Test
    void parametersThatGrewHugeAreADivergenceWithTheHint() {
        Trainer trainer = new Trainer(identityNetwork(TestComponents.HALF_SQUARED_ERROR), new Sgd(1e150, 0),
                new TrainingSettings(10, 3, false, 0), labels(1));

        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> trainer.train(THREE_SAMPLES, mock(TrainingListener.class)));

        assertTrue(e.getMessage().startsWith("training diverged at epoch "), e.getMessage());
        assertTrue(e.getMessage().contains("Hint: lower the learning rate"), e.getMessage());
    }

    @Test
    void trainingPassesAreInTrainingModeAndValidationInInferenceMode() {
        ScaleLayer scale = (ScaleLayer) new ScaleLayer.Provider().create(new FixedLayerContext(1, 1));
        Network network = new Network(List.of(scale), TestComponents.HALF_SQUARED_ERROR);
        DataSet validation = new DataSet(Tensor.of(new double[][] {{1}}), Tensor.of(new double[][] {{0}}));

        new Trainer(network, mock(Optimizer.class), new TrainingSettings(2, 2, false, 0))
                .train(THREE_SAMPLES, Optional.of(validation), mock(TrainingListener.class), () -> false);

        assertEquals(List.of(TRAINING, TRAINING, INFERENCE, TRAINING, TRAINING, INFERENCE), scale.modes());
        assertEquals(Tensor.row(4), scale.state().get(0).value());
    }

    private static NetworkLabels labels(int layers) {
        List<String> activations = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= layers; i++) {
            activations.add("activation 'a" + i + "' (plugin x.jar)");
            types.add("type 'dense' (built-in)");
        }
        return new NetworkLabels(activations, types, "loss 'half' (built-in)");
    }

    private static ElementwiseActivation elementwise(DoubleUnaryOperator value, DoubleUnaryOperator derivative) {
        return new ElementwiseActivation() {
            @Override
            public double value(double x) {
                return value.applyAsDouble(x);
            }

            @Override
            public double derivative(double x) {
                return derivative.applyAsDouble(x);
            }
        };
    }

    private static List<Integer> visitOrder(long seed) {
        RecordingLoss loss = new RecordingLoss();
        new Trainer(identityNetwork(loss), mock(Optimizer.class), new TrainingSettings(3, 3, true, seed))
                .train(indexedSamples(7), mock(TrainingListener.class));
        return loss.seen;
    }

    /** Sample {@code i} has input {@code i} and target {@code i}. */
    private static DataSet indexedSamples(int n) {
        double[][] values = new double[n][1];
        for (int i = 0; i < n; i++) {
            values[i][0] = i;
        }
        return new DataSet(Tensor.of(values), Tensor.of(values));
    }

    /** {@code y = x}: one dense unit with weight 1 and bias 0. */
    private static Network identityNetwork(Loss loss) {
        return new Network(List.of(dense(1, Tensor.of(new double[][] {{1}}), TestComponents.IDENTITY)), loss);
    }

    private static DenseLayer dense(int units, Tensor weights, Activation activation) {
        return new DenseLayer(1, weights.columns(), units, activation, Optional.of(weights),
                Optional.empty(), (w, in, out, random) -> {
                    throw new AssertionError("weights are given");
                }, new SplitMix64(0));
    }

    /** Half squared error that records which targets (sample indices) each batch held. */
    private static final class RecordingLoss implements Loss {
        final List<Integer> seen = new ArrayList<>();
        final List<Integer> batchSizes = new ArrayList<>();

        @Override
        public double value(Tensor predictions, Tensor targets) {
            Arrays.stream(targets.data()).forEach(t -> seen.add((int) t));
            batchSizes.add(targets.rows());
            return TestComponents.HALF_SQUARED_ERROR.value(predictions, targets);
        }

        @Override
        public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
            TestComponents.HALF_SQUARED_ERROR.gradient(predictions, targets, gradient);
        }
    }
}
