package dev.nn.layers;

import dev.nn.model.ModelAssembler;
import dev.nn.random.SplitMix64;
import dev.nn.spi.Activation;
import dev.nn.spi.ComponentProvider;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Building blocks for the normalisation layers' tests. */
final class NormalizationNetworks {
    private NormalizationNetworks() {
    }

    /** A dense layer with the given weights ({@code units x inputs}) and bias. */
    static DenseLayer dense(int position, double[][] weights, double[] bias, Activation activation) {
        Tensor w = Tensor.of(weights);
        return new DenseLayer(position, w.columns(), w.rows(), activation, Optional.of(w),
                Optional.of(Tensor.row(bias)), (values, in, out, random) -> {
                    throw new AssertionError("weights are given");
                }, new SplitMix64(0));
    }

    /** An assembler over the test components and the two normalisation layers, found by their providers. */
    static ModelAssembler assembler() {
        List<ComponentProvider<?>> providers = new ArrayList<>(TestComponents.standardProviders());
        providers.add(new BatchNormLayer.Provider());
        providers.add(new LayerNormLayer.Provider());
        return new ModelAssembler(TestComponents.registry(providers));
    }
}
