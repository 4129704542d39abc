package dev.nn.spi;

/** A component parameter with the wrong type or an invalid value. */
public final class ParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final String expected;
    private final String found;

    /**
     * @param parameter the parameter's name as the spec writes it
     * @param expected what a valid value looks like, e.g. {@code "a number > 0"}
     * @param found what the spec wrote
     */
    public ParameterException(String parameter, String expected, String found) {
        super("parameter '" + parameter + "': expected " + expected + " but found " + found);
        this.parameter = parameter;
        this.expected = expected;
        this.found = found;
    }

    public String parameter() {
        return parameter;
    }

    public String expected() {
        return expected;
    }

    public String found() {
        return found;
    }
}
