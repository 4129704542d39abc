package dev.nn.activations;

import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;
import dev.nn.testkit.PluginTestKit;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The built-in activations pass the test kit that plugin authors run on theirs. */
final class ActivationTestKitTest {
    @Test
    void everyBuiltInActivationPassesThePluginTestKit() {
        for (ActivationProvider provider : ServiceLoader.load(ActivationProvider.class)) {
            PluginTestKit.assertValidActivationProvider(provider);
        }
    }

    @Test
    void leakyReluWithAnAlphaPassesThePluginTestKit() {
        PluginTestKit.assertValidActivationProvider(new LeakyReluProvider(),
                new ComponentParameters(Map.of("alpha", 0.2)));
    }
}
