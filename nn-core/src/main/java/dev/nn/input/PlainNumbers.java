package dev.nn.input;

/**
 * The one grammar for a number written as text, in a CSV cell, a YAML scalar or a prediction input: an optional
 * sign, decimal digits (no leading zero before another digit), an optional fraction and an optional exponent, and
 * nothing else; the value must be finite.
 *
 * <pre>[-+]?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?   or   [-+]?\.[0-9]+([eE][-+]?[0-9]+)?</pre>
 *
 * <p>Java's {@code Double.parseDouble} accepts much more ({@code 0x1p3}, {@code 3f}, {@code 2d}, {@code Infinity},
 * surrounding control characters such as NUL); each of those is refused here with a reason.
 */
public final class PlainNumbers {
    private PlainNumbers() {
    }

    /** A number that does not follow the grammar, or is not finite; the message says what was found and why. */
    public static final class NotAPlainNumberException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NotAPlainNumberException(String message) {
            super(message);
        }
    }

    /**
     * The value of {@code text}.
     *
     * @throws NotAPlainNumberException e.g. {@code expected a plain decimal number but found '0x1p3' (hexadecimal
     *     numbers are not accepted)}
     */
    public static double parse(String text) {
        if (!isPlainDecimal(text)) {
            throw new NotAPlainNumberException(refusal(text));
        }
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            throw new NotAPlainNumberException("expected a finite number but found " + UserText.quote(text)
                    + " (too large for a number)");
        }
        return value;
    }

    /** Why {@code text}, which is not a plain decimal, is refused: the message {@link #parse} gives. */
    public static String refusal(String text) {
        String shown = UserText.quote(text);
        if (text.isEmpty()) {
            return "expected a number but found an empty value";
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        int control = firstControl(text);
        String reason;
        if (control >= 0) {
            reason = (text.charAt(control) == 0 ? "a NUL byte" : "a control character") + " at character "
                    + (control + 1);
        } else if (unsigned.equals("infinity") || unsigned.equals("inf") || unsigned.equals(".inf")
                || unsigned.equals("nan") || unsigned.equals(".nan")) {
            return "expected a finite number but found " + shown;
        } else if (unsigned.startsWith("0x")) {
            reason = "hexadecimal numbers are not accepted";
        } else if (unsigned.startsWith("0b") || unsigned.startsWith("0o")) {
            reason = "binary and octal numbers are not accepted";
        } else if (unsigned.length() > 1 && unsigned.charAt(0) == '0' && isDigit(unsigned.charAt(1))) {
            reason = "a leading zero: some readers take it as octal";
        } else if (unsigned.indexOf('_') >= 0) {
            reason = "underscores are not accepted";
        } else if (unsigned.indexOf(':') >= 0) {
            reason = "sexagesimal numbers are not accepted";
        } else if (unsigned.length() > 1 && "fdl".indexOf(unsigned.charAt(unsigned.length() - 1)) >= 0
                && isPlainDecimal(text.substring(0, text.length() - 1))) {
            reason = "a type suffix ('" + text.charAt(text.length() - 1) + "') is not accepted";
        } else if (!text.equals(text.strip())) {
            reason = "spaces around the number";
        } else {
            reason = "digits with an optional sign, fraction and exponent, e.g. -1.5e3";
        }
        return "expected a plain decimal number but found " + shown + " (" + reason + ")";
    }

    /** Whether {@code text} follows the grammar; written out, as it runs once for every number of a saved model. */
    public static boolean isPlainDecimal(CharSequence text) {
        int n = text.length();
        int i = 0;
        if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            i++;
        }
        int integerStart = i;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
        }
        int integerDigits = i - integerStart;
        if (integerDigits > 1 && text.charAt(integerStart) == '0') {
            return false;
        }
        int fractionDigits = 0;
        if (i < n && text.charAt(i) == '.') {
            i++;
            int fractionStart = i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
            fractionDigits = i - fractionStart;
        }
        if (integerDigits == 0 && fractionDigits == 0) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
                i++;
            }
            int exponentStart = i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
            if (i == exponentStart) {
                return false;
            }
        }
        return i == n;
    }

    private static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
