package dev.nn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.spi.ForwardContext;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.Tensor;
import dev.nn.testkit.PluginTestKit;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class FeatureScaleTest {
    @Test
    void passesThePluginTestKit() {
        PluginTestKit.assertValidLayerProvider(new FeatureScaleProvider());
        PluginTestKit.assertValidLayerProvider(new FeatureScaleProvider(), Map.of("initial", 0.5));
        PluginTestKit.assertValidLayerProvider(new FeatureScaleProvider(), Map.of("initial", -3));
    }

    @Test
    void scalesEachFeatureAndBackpropagatesByHand() {
        FeatureScale layer = layer(new double[] {2.0, -0.5}, 0);
        Tensor x = Tensor.of(new double[][] {{1.0, 4.0}, {-3.0, 2.0}});

        Tensor y = layer.forward(x, ForwardContext.inference());
        assertArrayEquals(new double[] {2.0, -2.0, -6.0, -1.0}, y.data(), 0);

        Tensor g = Tensor.of(new double[][] {{0.5, 1.0}, {2.0, -1.0}});
        Tensor gradInput = layer.backward(g, true);
        // dL/dx = g * scale; dL/dscale[c] = sum over rows of g * x: 0.5 * 1 + 2 * -3 = -5.5, 1 * 4 + -1 * 2 = 2
        assertArrayEquals(new double[] {1.0, -0.5, 4.0, 0.5}, gradInput.data(), 0);
        assertArrayEquals(new double[] {-5.5, 2.0}, layer.parameters().get(0).gradient().data(), 0);
    }

    @Test
    void countsTheSamplesOfTrainingPassesOnly() {
        FeatureScale layer = layer(new double[] {1.0, 1.0, 1.0}, 10);
        Tensor batch = Tensor.zeros(4, 3);
        ForwardContext training = ForwardContext.training(new SplittableRandom(1));

        layer.forward(batch, training);
        layer.forward(batch, ForwardContext.inference());
        layer.forward(Tensor.zeros(2, 3), training);

        assertEquals(10 + 4 + 2, layer.seen(), 0);
    }

    private static FeatureScale layer(double[] scale, double seen) {
        return new FeatureScale(new Parameter("scale", "scale1", Tensor.row(scale)),
                new StateTensor("seen", "seen1", Tensor.row(seen)));
    }
}
