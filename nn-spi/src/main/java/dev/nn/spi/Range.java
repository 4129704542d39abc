package dev.nn.spi;

/**
 * An interval of the real line, each end open or closed; {@code -inf} and {@code +inf} ends are always open.
 *
 * @param lower the lower end, possibly {@link Double#NEGATIVE_INFINITY}
 * @param lowerClosed whether {@code lower} belongs to the interval
 * @param upper the upper end, possibly {@link Double#POSITIVE_INFINITY}
 * @param upperClosed whether {@code upper} belongs to the interval
 */
public record Range(double lower, boolean lowerClosed, double upper, boolean upperClosed) {
    /** The whole real line. */
    public static final Range ALL = new Range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);

    public Range {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("not an interval: " + lower + ", " + upper);
        }
        lowerClosed = lowerClosed && Double.isFinite(lower);
        upperClosed = upperClosed && Double.isFinite(upper);
    }

    /** {@code [lower, upper]}. */
    public static Range closed(double lower, double upper) {
        return new Range(lower, true, upper, true);
    }

    /** {@code (lower, upper)}. */
    public static Range open(double lower, double upper) {
        return new Range(lower, false, upper, false);
    }

    /** Whether {@code value} lies in the interval. */
    public boolean contains(double value) {
        boolean aboveLower = lowerClosed ? value >= lower : value > lower;
        boolean belowUpper = upperClosed ? value <= upper : value < upper;
        return aboveLower && belowUpper;
    }

    /** Whether every value of {@code other} lies in this interval. */
    public boolean encloses(Range other) {
        boolean lowerOk = other.lower > lower || (other.lower == lower && (lowerClosed || !other.lowerClosed));
        boolean upperOk = other.upper < upper || (other.upper == upper && (upperClosed || !other.upperClosed));
        return lowerOk && upperOk;
    }

    /** This interval with both finite ends closed. */
    public Range closure() {
        return new Range(lower, true, upper, true);
    }

    @Override
    public String toString() {
        return (lowerClosed ? "[" : "(") + format(lower) + ", " + format(upper) + (upperClosed ? "]" : ")");
    }

    private static String format(double value) {
        if (value == Double.POSITIVE_INFINITY) {
            return "inf";
        }
        if (value == Double.NEGATIVE_INFINITY) {
            return "-inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
