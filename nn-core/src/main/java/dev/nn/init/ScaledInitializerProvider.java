package dev.nn.init;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Initializer;
import dev.nn.spi.InitializerProvider;
import java.util.function.IntBinaryOperator;

/**
 * The four variance-scaling initialisers, each a distribution (uniform or normal) and a fan (Glorot: in + out,
 * He: in).
 */
public abstract class ScaledInitializerProvider implements InitializerProvider {
    private final String name;
    private final boolean normal;
    private final IntBinaryOperator fan;
    private final double scale;

    ScaledInitializerProvider(String name, boolean normal, IntBinaryOperator fan, double scale) {
        this.name = name;
        this.normal = normal;
        this.fan = fan;
        this.scale = scale;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return normal
                ? "normal, standard deviation sqrt(" + scale / 3 + " / fan)"
                : "uniform in [-limit, limit], limit = sqrt(" + scale + " / fan)";
    }

    @Override
    public final Initializer create(ComponentParameters parameters) {
        return (weights, fanIn, fanOut, random) -> {
            double n = fan.applyAsInt(fanIn, fanOut);
            double[] w = weights.data();
            if (normal) {
                double std = Math.sqrt(scale / 3 / n);
                for (int i = 0; i < w.length; i++) {
                    w[i] = std * random.nextGaussian();
                }
            } else {
                double limit = Math.sqrt(scale / n);
                for (int i = 0; i < w.length; i++) {
                    w[i] = (2.0 * random.nextDouble() - 1.0) * limit;
                }
            }
        };
    }

    /** {@code glorot_uniform}: limit {@code sqrt(6 / (in + out))}. */
    public static final class GlorotUniform extends ScaledInitializerProvider {
        public GlorotUniform() {
            super("glorot_uniform", false, Integer::sum, 6);
        }
    }

    /** {@code glorot_normal}: standard deviation {@code sqrt(2 / (in + out))}. */
    public static final class GlorotNormal extends ScaledInitializerProvider {
        public GlorotNormal() {
            super("glorot_normal", true, Integer::sum, 6);
        }
    }

    /** {@code he_uniform}: limit {@code sqrt(6 / in)}. */
    public static final class HeUniform extends ScaledInitializerProvider {
        public HeUniform() {
            super("he_uniform", false, (in, out) -> in, 6);
        }
    }

    /** {@code he_normal}: standard deviation {@code sqrt(2 / in)}. */
    public static final class HeNormal extends ScaledInitializerProvider {
        public HeNormal() {
            super("he_normal", true, (in, out) -> in, 6);
        }
    }
}
