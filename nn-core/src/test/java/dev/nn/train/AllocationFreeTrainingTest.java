package dev.nn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.data.DataSet;
import dev.nn.layers.DenseLayer;
import dev.nn.network.Network;
import dev.nn.network.StepStreams;
import dev.nn.network.WidenedActivation;
import dev.nn.network.WidenedLoss;
import dev.nn.optimizers.Adam;
import dev.nn.optimizers.Sgd;
import dev.nn.random.SplitMix64;
import dev.nn.spi.Activation;
import dev.nn.spi.Layer;
import dev.nn.spi.Optimizer;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After the first batch of each batch shape, a training step allocates nothing: not in the layers, the loss, the
 * optimizer (SGD with momentum, Adam: both on the Vector API's loops when it is present), nor in the matrix products
 * (counting the kernel worker threads), as measured by the JVM's per-thread allocation counters.
 */
final class AllocationFreeTrainingTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes that may be allocated over all measured steps together (the counters themselves, class loading). */
    private static final long ALLOWANCE = 4_096;

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam", "adamw", "rmsprop"})
    void trainingStepsAllocateNothing(String optimizerName) {
        // 200 -> 64 at batch 32 is large enough to be shared between threads, 16 -> 4 small enough for the plain loop.
        Network network = network(200, 64, 16, 4);
        Optimizer optimizer = switch (optimizerName) {
            case "adam" -> new Adam(1e-3, 0.9, 0.999, 1e-8, 1e-4);
            case "adamw" -> new dev.nn.optimizers.AdamW(1e-3, 0.9, 0.999, 1e-8, 1e-2, true);
            case "rmsprop" -> new dev.nn.optimizers.RmsProp(1e-3, 0.99, 1e-8, 1e-4, 0.9, true);
            default -> new Sgd(0.01, 0.9);
        };
        Tensor fullInputs = random(32, 200, 1);
        Tensor fullTargets = random(32, 4, 2);
        Tensor restInputs = random(7, 200, 3);
        Tensor restTargets = random(7, 4, 4);
        StepStreams streams = new StepStreams(7, network.layers().size());
        Runnable steps = () -> {
            for (int i = 0; i < 100; i++) {
                streams.moveTo(1, i + 1);
                network.computeGradients(fullInputs, fullTargets, streams);
                optimizer.step(network.parameters());
                if (i % 10 == 9) {
                    network.computeGradients(restInputs, restTargets, streams);
                    optimizer.step(network.parameters());
                }
            }
        };
        warmUp(steps);

        long allocated = allocatedDuring(() -> {
            for (int repeat = 0; repeat < 5; repeat++) {
                steps.run();
            }
        });

        assertTrue(allocated <= ALLOWANCE, allocated + " bytes allocated over 550 training steps");
    }

    /**
     * Float32: float32 dense layers, the test activations and loss (written for float64) widened at their boundary,
     * and the optimizer stepping through {@link Float64Steps}' float64 views: still nothing allocated.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam"})
    void float32TrainingStepsAllocateNothing(String optimizerName) {
        Network network = network(DataType.FLOAT32, 200, 64, 16, 4);
        Optimizer optimizer = optimizerName.equals("adam")
                ? new Adam(1e-3, 0.9, 0.999, 1e-8, 1e-4)
                : new Sgd(0.01, 0.9);
        Float64Steps updates = new Float64Steps(network.parameters());
        GradientClipping clipping = GradientClipping.byNorm(1.0); // clipping the float64 views allocates nothing either
        Tensor fullInputs = random(32, 200, 1).copyAs(DataType.FLOAT32);
        Tensor fullTargets = random(32, 4, 2).copyAs(DataType.FLOAT32);
        Tensor restInputs = random(7, 200, 3).copyAs(DataType.FLOAT32);
        Tensor restTargets = random(7, 4, 4).copyAs(DataType.FLOAT32);
        StepStreams streams = new StepStreams(7, network.layers().size());
        Runnable steps = () -> {
            for (int i = 0; i < 20; i++) {
                streams.moveTo(1, i + 1);
                network.computeGradients(fullInputs, fullTargets, streams);
                updates.step(optimizer, clipping, 1e-3);
                if (i % 10 == 9) {
                    network.computeGradients(restInputs, restTargets, streams);
                    updates.step(optimizer, clipping, 1e-3);
                }
            }
        };
        warmUp(steps);

        long allocated = allocatedDuring(() -> {
            for (int repeat = 0; repeat < 5; repeat++) {
                steps.run();
            }
        });

        assertTrue(allocated <= ALLOWANCE, allocated + " bytes allocated over 110 float32 training steps");
    }

    @Test
    void theFloat32TrainerAllocatesNothingPerBatch() {
        Network network = network(DataType.FLOAT32, 20, 16, 3);
        DataSet data = new DataSet(random(1_003, 20, 5), random(1_003, 3, 6)); // 125 batches of 8, one of 3
        TrainingListener quiet = new TrainingListener() {
        };
        Trainer longer = new Trainer(network, new Sgd(0.01, 0.5), new TrainingSettings(5, 8, true, 42));
        Trainer shorter = new Trainer(network, new Sgd(0.01, 0.5), new TrainingSettings(1, 8, true, 42));
        for (int warmUp = 0; warmUp < 300; warmUp++) {
            shorter.train(data, quiet);
        }
        for (int warmUp = 0; warmUp < 20; warmUp++) {
            longer.train(data, quiet);
        }

        long five = allocatedDuring(() -> longer.train(data, quiet));
        long one = allocatedDuring(() -> shorter.train(data, quiet));

        long perBatch = (five - one) / (4 * 126);
        assertTrue(perBatch <= 128, perBatch + " bytes allocated per float32 batch");
    }

    @Test
    void theTrainerAllocatesNothingPerBatch() {
        Network network = network(20, 16, 3);
        DataSet data = new DataSet(random(1_003, 20, 5), random(1_003, 3, 6)); // 125 batches of 8, one of 3
        TrainingListener quiet = new TrainingListener() {
        };
        Trainer longer = new Trainer(network, new Sgd(0.01, 0.5), new TrainingSettings(5, 8, true, 42));
        Trainer shorter = new Trainer(network, new Sgd(0.01, 0.5), new TrainingSettings(1, 8, true, 42));
        // Many short runs, so that train() itself is compiled (not only its loop, on stack), with escape analysis
        // removing the per-batch report objects that no listener keeps.
        for (int warmUp = 0; warmUp < 300; warmUp++) {
            shorter.train(data, quiet);
        }
        for (int warmUp = 0; warmUp < 20; warmUp++) {
            longer.train(data, quiet);
        }

        long five = allocatedDuring(() -> longer.train(data, quiet));
        long one = allocatedDuring(() -> shorter.train(data, quiet));

        long perBatch = (five - one) / (4 * 126);
        // No buffers (the smallest, the 8x3 targets, would take 208 bytes): at most the 40-byte BatchReport handed
        // to the listener and what the JIT has not yet made of the loop (lambdas, iterators), which C2's escape
        // analysis removes once train() is compiled as a whole, but which a test's warm-up does not guarantee.
        assertTrue(perBatch <= 128, perBatch + " bytes allocated per batch");
    }

    /**
     * Runs {@code work} until the JIT has compiled it: code that is still interpreted allocates where compiled code
     * does not (the Vector API's vectors, iterators), so measuring starts once a round allocates (almost) nothing.
     */
    private static void warmUp(Runnable work) {
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 200 && allocated > 0; round++) {
            allocated = allocatedDuring(work);
        }
    }

    private static long allocatedDuring(Runnable work) {
        List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().getId());
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("nn-kernel-")) {
                ids.add(thread.getId());
            }
        }
        long[] idArray = ids.stream().mapToLong(Long::longValue).toArray();
        long before = sum(THREADS.getThreadAllocatedBytes(idArray));
        work.run();
        return sum(THREADS.getThreadAllocatedBytes(idArray)) - before;
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long value : values) {
            total += value;
        }
        return total;
    }

    private static Network network(int... sizes) {
        return network(DataType.FLOAT64, sizes);
    }

    private static Network network(DataType type, int... sizes) {
        List<Layer> layers = new ArrayList<>();
        SplitMix64 random = new SplitMix64(7);
        for (int i = 1; i < sizes.length; i++) {
            Activation written = i == sizes.length - 1 ? TestComponents.IDENTITY : TestComponents.TANH;
            Activation activation = type == DataType.FLOAT32 ? WidenedActivation.of(written) : written;
            layers.add(new DenseLayer(i, sizes[i - 1], sizes[i], activation, Optional.empty(),
                    Optional.empty(), (w, fanIn, fanOut, r) -> {
                        for (int e = 0; e < w.size(); e++) {
                            w.data()[e] = (r.nextDouble() - 0.5) / Math.sqrt(fanIn);
                        }
                    }, random, type));
        }
        return type == DataType.FLOAT32
                ? new Network(layers, new WidenedLoss(TestComponents.HALF_SQUARED_ERROR), type)
                : new Network(layers, TestComponents.HALF_SQUARED_ERROR);
    }

    private static Tensor random(int rows, int columns, long seed) {
        SplitMix64 random = new SplitMix64(seed);
        Tensor tensor = Tensor.zeros(rows, columns);
        for (int e = 0; e < tensor.size(); e++) {
            tensor.data()[e] = random.nextDouble() - 0.5;
        }
        return tensor;
    }
}
