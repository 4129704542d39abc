package dev.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.data.DataSet;
import dev.nn.layers.BatchNormLayer;
import dev.nn.layers.DenseLayer;
import dev.nn.layers.DropoutLayer;
import dev.nn.network.Network;
import dev.nn.optimizers.Adam;
import dev.nn.optimizers.AdamW;
import dev.nn.optimizers.RmsProp;
import dev.nn.optimizers.Sgd;
import dev.nn.random.SplitMix64;
import dev.nn.schedules.CosineScheduleProvider;
import dev.nn.schedules.PlateauScheduleProvider;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Layer;
import dev.nn.spi.StatefulOptimizer;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run captured at a batch boundary (the network's values, the optimizer's state and the {@link TrainingState})
 * and continued in fresh objects ends bit for bit where the uninterrupted run ends: same parameters, same batch-norm
 * statistics, same epoch reports (their learning rates included). The network shuffles, drops out, normalises and
 * stops early; the adamw and rmsprop runs also follow a learning-rate schedule (reduce_on_plateau, whose counters the
 * state carries; a per-update cosine) and clip gradients.
 */
final class TrainerResumeTest {
    private static final int EPOCHS = 6;
    /** 50 samples in batches of 8: six full batches and one of 2 per epoch. */
    private static final int BATCHES = 7;
    private static final DataSet TRAIN = data(50, 1);
    private static final DataSet VALIDATION = data(20, 2);

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        for (String optimizer : List.of("sgd", "adam", "adamw", "rmsprop")) {
            for (boolean earlyStopping : List.of(false, true)) {
                // mid-epoch 1, the last batch of epoch 1, mid-epoch 3, the first batch of epoch 4
                for (int batches : new int[] {3, BATCHES, 2 * BATCHES + 4, 3 * BATCHES + 1}) {
                    runs.add(Arguments.of(optimizer, earlyStopping, batches));
                }
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0}, early stopping {1}, stopped after {2} batches")
    @MethodSource("runs")
    void aRunStoppedAndContinuedFromItsCheckpointEndsBitForBitAsTheUninterruptedOne(String optimizer,
                                                                                  boolean earlyStopping,
                                                                                  int batches) {
        TrainingSettings settings = settings(earlyStopping, optimizer);
        Network straight = network();
        TrainingResult expected = new Trainer(straight, optimizer(optimizer), settings)
                .train(TRAIN, Optional.of(VALIDATION), new TrainingListener() { }, () -> false);

        Network first = network();
        StatefulOptimizer firstOptimizer = optimizer(optimizer);
        Captured captured = new Captured();
        int[] calls = {0};
        TrainingResult stopped = new Trainer(first, firstOptimizer, settings).train(TRAIN, Optional.of(VALIDATION),
                new TrainingListener() { }, () -> ++calls[0] == batches, TrainingState.initial(settings),
                (state, stopping) -> {
                    if (stopping) {
                        captured.take(first, firstOptimizer, state);
                    }
                });
        assertTrue(stopped.interrupted());

        TrainingResult resumed = captured.resume(optimizer, settings);

        assertEquals(expected.epochs(), resumed.epochs());
        assertEquals(expected.restoredEpoch(), resumed.restoredEpoch());
        assertEquals(expected.stoppedEarly(), resumed.stoppedEarly());
        assertSameValues(straight, captured.network);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aRunContinuedFromAnEpochsEndEndsBitForBitAsTheUninterruptedOne(String optimizer) {
        TrainingSettings settings = settings(false, optimizer);
        Network straight = network();
        TrainingResult expected = new Trainer(straight, optimizer(optimizer), settings)
                .train(TRAIN, Optional.of(VALIDATION), new TrainingListener() { }, () -> false);

        Network first = network();
        StatefulOptimizer firstOptimizer = optimizer(optimizer);
        Captured captured = new Captured();
        new Trainer(first, firstOptimizer, settings).train(TRAIN, Optional.of(VALIDATION), new TrainingListener() { },
                () -> false, TrainingState.initial(settings), (state, stopping) -> {
                    if (state.epoch() == 3) {
                        captured.take(first, firstOptimizer, state);
                    }
                });
        assertEquals(3, captured.state.epoch());
        assertEquals(0, captured.state.batch());

        TrainingResult resumed = captured.resume(optimizer, settings);

        assertEquals(expected.epochs(), resumed.epochs());
        assertSameValues(straight, captured.network);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aStopMidEpochLeavesTheLastFinishedEpochsValuesInTheNetwork(String optimizer) {
        TrainingSettings settings = settings(false, optimizer);
        Network first = network();
        List<Tensor> afterEpochTwo = new ArrayList<>();
        int[] calls = {0};
        TrainingResult stopped = new Trainer(first, optimizer(optimizer), settings).train(TRAIN,
                Optional.of(VALIDATION), new TrainingListener() { }, () -> ++calls[0] == 2 * BATCHES + 4,
                TrainingState.initial(settings), (state, stopping) -> {
                    if (!stopping && state.epoch() == 3) {
                        values(first).forEach(v -> afterEpochTwo.add(v.copy()));
                    }
                });

        assertEquals(2, stopped.epochs().size());
        assertEquals(4, stopped.discardedBatches());
        List<Tensor> held = values(first);
        for (int i = 0; i < held.size(); i++) {
            assertArrayEquals(afterEpochTwo.get(i).data(), held.get(i).data(), "tensor " + i);
        }
    }

    static Stream<String> optimizers() {
        return Stream.of("sgd", "adam", "adamw", "rmsprop");
    }

    /** What a checkpoint holds, copied out of the hook's call. */
    private static final class Captured {
        List<Tensor> values;
        Map<String, Tensor> optimizerState;
        TrainingState state;
        Network network;

        void take(Network network, StatefulOptimizer optimizer, TrainingState live) {
            values = values(network).stream().map(Tensor::copy).toList();
            optimizerState = new LinkedHashMap<>();
            optimizer.saveState().forEach((name, tensor) -> optimizerState.put(name, tensor.copy()));
            state = live.detached();
        }

        /** A fresh network and optimizer given the captured values and state, trained to the end. */
        TrainingResult resume(String optimizer, TrainingSettings settings) {
            network = network();
            List<Tensor> live = values(network);
            for (int i = 0; i < live.size(); i++) {
                live.get(i).copyFromInPlace(values.get(i));
            }
            StatefulOptimizer fresh = optimizer(optimizer);
            fresh.loadState(optimizerState, network.parameters());
            return new Trainer(network, fresh, settings).train(TRAIN, Optional.of(VALIDATION),
                    new TrainingListener() { }, () -> false, state, TrainingCheckpoints.NONE);
        }
    }

    private static void assertSameValues(Network expected, Network actual) {
        List<Tensor> want = values(expected);
        List<Tensor> got = values(actual);
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i).data(), got.get(i).data(), "tensor " + i);
        }
    }

    private static List<Tensor> values(Network network) {
        List<Tensor> values = new ArrayList<>();
        network.parameters().forEach(p -> values.add(p.value()));
        for (StateTensor state : network.state()) {
            values.add(state.value());
        }
        return values;
    }

    /**
     * adamw runs with reduce_on_plateau (on a falling val_loss in mode max, patience 1: every epoch is bad, so the
     * counters and the rate change all the time) and clipping by norm;
     * rmsprop with a per-update cosine after a warm-up and clipping by value.
     */
    private static TrainingSettings settings(boolean earlyStopping, String optimizer) {
        TrainingSettings settings = new TrainingSettings(EPOCHS, 8, true, 11, earlyStopping
                ? Optional.of(new EarlyStopping("val_loss", 1, true, 0.0)) : Optional.empty());
        return switch (optimizer) {
            case "adamw" -> settings.with(Optional.of(new PlateauScheduleProvider().create(new ComponentParameters(
                    Map.of("monitor", "val_loss", "mode", "max", "patience", 1L, "factor", 0.5)))), GradientClipping.byNorm(0.5));
            case "rmsprop" -> settings.with(Optional.of(new CosineScheduleProvider().create(new ComponentParameters(
                    Map.of("interval", "step", "warmup_steps", 5L)))), GradientClipping.byValue(0.1));
            default -> settings;
        };
    }

    private static StatefulOptimizer optimizer(String name) {
        Supplier<StatefulOptimizer> optimizer = switch (name) {
            case "sgd" -> () -> new Sgd(0.05, 0.9, true, 0.001);
            case "adam" -> () -> new Adam(0.01, 0.9, 0.999, 1e-8, 0.0);
            case "adamw" -> () -> new AdamW(0.01, 0.9, 0.999, 1e-8, 0.01, true);
            default -> () -> new RmsProp(0.01, 0.99, 1e-8, 0.0, 0.5, true);
        };
        return optimizer.get();
    }

    private static Network network() {
        SplitMix64 random = new SplitMix64(5);
        List<Layer> layers = List.of(
                new DenseLayer(1, 6, 8, TestComponents.TANH, Optional.empty(), Optional.empty(),
                        (w, fanIn, fanOut, r) -> {
                            for (int e = 0; e < w.size(); e++) {
                                w.data()[e] = (r.nextDouble() - 0.5) / Math.sqrt(fanIn);
                            }
                        }, random),
                new BatchNormLayer(2, 8, 0.1, 1e-5, Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty()),
                new DropoutLayer(8, 0.3),
                new DenseLayer(4, 8, 3, TestComponents.IDENTITY, Optional.empty(), Optional.empty(),
                        (w, fanIn, fanOut, r) -> {
                            for (int e = 0; e < w.size(); e++) {
                                w.data()[e] = (r.nextDouble() - 0.5) / Math.sqrt(fanIn);
                            }
                        }, random));
        return new Network(layers, TestComponents.HALF_SQUARED_ERROR);
    }

    /** {@code n} samples of 6 inputs with a one-hot class of 3 that depends on them. */
    private static DataSet data(int n, long seed) {
        SplitMix64 random = new SplitMix64(seed);
        Tensor inputs = Tensor.zeros(n, 6);
        Tensor targets = Tensor.zeros(n, 3);
        for (int r = 0; r < n; r++) {
            double sum = 0;
            for (int c = 0; c < 6; c++) {
                double x = random.nextDouble() * 2 - 1;
                inputs.data()[r * 6 + c] = x;
                sum += x * (c + 1);
            }
            int label = sum < -1 ? 0 : sum < 1 ? 1 : 2;
            targets.data()[r * 3 + label] = 1.0;
        }
        return new DataSet(inputs, targets);
    }
}
