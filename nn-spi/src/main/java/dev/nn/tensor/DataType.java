package dev.nn.tensor;

import java.util.Locale;
import java.util.Optional;

/**
 * The element type a {@link Tensor} stores: {@code double} (the default, and what every component supports) or
 * {@code float} (half the memory and twice the vector lanes, for networks whose spec says {@code dtype: float32}).
 */
public enum DataType {
    /** IEEE 754 binary64, {@code double[]}. */
    FLOAT64,
    /** IEEE 754 binary32, {@code float[]}. */
    FLOAT32;

    /** The name a spec writes, {@code "float64"} or {@code "float32"}. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a spec names ({@code "float32"}, {@code "float64"}), or empty for any other text. */
    public static Optional<DataType> fromSpecName(String name) {
        for (DataType type : values()) {
            if (type.specName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The names a spec may write, for messages: {@code "float64, float32"}. */
    public static String specNames() {
        return FLOAT64.specName() + ", " + FLOAT32.specName();
    }
}
