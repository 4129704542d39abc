package dev.nn.model;

import dev.nn.spec.LayerSpec;
import dev.nn.spec.ModelSpec;
import java.util.Optional;

/**
 * Refuses a network too large for the heap ({@link MemoryEstimate} against {@link HeapLimit}) before any layer or data
 * set is allocated, naming the largest layer's units and the setting that would make it fit.
 */
final class MemoryCheck {
    private final ModelSpec spec;
    private final AssemblyProblems problems;

    MemoryCheck(ModelSpec spec, AssemblyProblems problems) {
        this.spec = spec;
        this.problems = problems;
    }

    /**
     * Whether the network, trained in batches of {@code batch}, fits in the heap ({@link MemoryEstimate});
     * reports the problem at the largest layer's units when it does not.
     */
    boolean fitsInHeap(Integer input, int batch) {
        Optional<MemoryEstimate> estimate = MemoryEstimate.of(spec, input, batch);
        if (estimate.isEmpty() || exceedsArrayLimit(input)) {
            return true; // a layer beyond one array is refused at its units, whatever the heap
        }
        MemoryEstimate need = estimate.get();
        long max = HeapLimit.max();
        if (need.bytes() > max) {
            problem("layers[" + need.largestLayer() + "].units", "the network needs about "
                    + HeapLimit.describe(need.bytes()) + " (" + MemoryEstimate.count(need.parameters())
                    + " parameters " + need.accounting() + (batch > 1 ? ", and activations for batches of "
                    + batch : "") + ") but nn may use at most " + HeapLimit.describe(max) + ": use fewer units"
                    + (batch > 1 ? " or a smaller training.batch_size" : "") + ", or give it more, e.g. "
                    + HeapLimit.setting(need.bytes()));
            return false;
        }
        return true;
    }

    /** Whether a dense layer has more weights than one array holds ({@link LayerBuilder#MAX_WEIGHTS}). */
    private boolean exceedsArrayLimit(Integer input) {
        long fanIn = input;
        for (LayerSpec layer : spec.layers()) {
            if (layer != null && layer.units() == null && layer.type() != null && !layer.type().equals("dense")) {
                continue; // a layer of another type keeps the width
            }
            if (layer == null || layer.units() == null) {
                return false;
            }
            if (layer.units() * fanIn > LayerBuilder.MAX_WEIGHTS) {
                return true;
            }
            fanIn = layer.units();
        }
        return false;
    }

    private void problem(String path, String message) {
        problems.add(path, message);
    }
}
