package dev.nn.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.ActivationProvider;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.LearningRateScheduleProvider;
import dev.nn.spi.LossProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The services files list every provider, as the platform's ServiceLoader will read them. */
final class ServicesTest {
    @Test
    void activationsAreRegistered() {
        List<Class<?>> found = ServiceLoader.load(ActivationProvider.class).stream()
                .<Class<?>>map(ServiceLoader.Provider::type).toList();
        assertTrue(found.contains(SwishProvider.class), found::toString);
        assertTrue(found.contains(SoftplusProvider.class), found::toString);
    }

    @Test
    void lossIsRegistered() {
        List<Class<?>> found = ServiceLoader.load(LossProvider.class).stream()
                .<Class<?>>map(ServiceLoader.Provider::type).toList();
        assertTrue(found.contains(HuberProvider.class), found::toString);
    }

    @Test
    void layerIsRegistered() {
        List<Class<?>> found = ServiceLoader.load(LayerProvider.class).stream()
                .<Class<?>>map(ServiceLoader.Provider::type).toList();
        assertTrue(found.contains(FeatureScaleProvider.class), found::toString);
    }

    @Test
    void scheduleIsRegistered() {
        List<Class<?>> found = ServiceLoader.load(LearningRateScheduleProvider.class).stream()
                .<Class<?>>map(ServiceLoader.Provider::type).toList();
        assertTrue(found.contains(InverseTimeDecayProvider.class), found::toString);
    }
}
