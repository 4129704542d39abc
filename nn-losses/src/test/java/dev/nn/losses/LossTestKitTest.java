package dev.nn.losses;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.LossProvider;
import dev.nn.testkit.PluginTestKit;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The built-in losses pass the test kit that plugin authors run on theirs. */
final class LossTestKitTest {
    @Test
    void everyBuiltInLossPassesThePluginTestKit() {
        for (LossProvider provider : ServiceLoader.load(LossProvider.class)) {
            PluginTestKit.assertValidLossProvider(provider);
        }
    }

    @Test
    void mseWithAFactorPassesThePluginTestKit() {
        PluginTestKit.assertValidLossProvider(new MeanSquaredErrorProvider(),
                new ComponentParameters(Map.of("factor", 0.5)));
    }
}
