package dev.nn.registry;

import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentProvider;
import dev.nn.spi.DataSourceProvider;
import dev.nn.spi.InitializerProvider;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.LearningRateScheduleProvider;
import dev.nn.spi.LossProvider;
import dev.nn.spi.OptimizerProvider;

/** The kinds of component a plugin can add, each with its provider interface. */
public enum ComponentKind {
    ACTIVATION("activation", ActivationProvider.class),
    LOSS("loss", LossProvider.class),
    LAYER("layer", LayerProvider.class),
    OPTIMIZER("optimizer", OptimizerProvider.class),
    SCHEDULE("schedule", LearningRateScheduleProvider.class),
    INITIALIZER("initializer", InitializerProvider.class),
    DATA_SOURCE("data format", DataSourceProvider.class);

    private final String displayName;
    private final Class<? extends ComponentProvider<?>> providerType;

    ComponentKind(String displayName, Class<? extends ComponentProvider<?>> providerType) {
        this.displayName = displayName;
        this.providerType = providerType;
    }

    /** The word users see, e.g. {@code "activation"}. */
    public String displayName() {
        return displayName;
    }

    /** The provider interface listed in {@code META-INF/services}. */
    public Class<? extends ComponentProvider<?>> providerType() {
        return providerType;
    }

    /** The kind whose provider interface {@code provider} implements. */
    public static ComponentKind of(ComponentProvider<?> provider) {
        for (ComponentKind kind : values()) {
            if (kind.providerType.isInstance(provider)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(provider.getClass().getName() + " implements no known provider interface");
    }
}
