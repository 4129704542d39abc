package dev.nn.input;

/**
 * User-supplied text (a cell, a class or column name, a path) as it may appear in a message: control characters
 * and line breaks escaped ({@code \n}, {@code \r}, {@code \t}, else {@code \u0000} style), and values longer than
 * {@link #MAX_SHOWN} characters cut, with their length said, so that a message is always one readable line.
 */
public final class UserText {
    /** The most characters of one value a message shows. */
    public static final int MAX_SHOWN = 60;

    private UserText() {
    }

    /** {@code 'text'}, escaped and shortened: e.g. {@code 'set\nosa'}, {@code 'xxxx...' (10485760 characters)}. */
    public static String quote(CharSequence text) {
        return quote(text, '\'');
    }

    /** Like {@link #quote(CharSequence)}, between {@code mark}s: {@code "x"} for a YAML string. */
    public static String quote(CharSequence text, char mark) {
        if (text == null) {
            return "null";
        }
        if (text.length() <= MAX_SHOWN) {
            return mark + escape(text) + mark;
        }
        return mark + escape(text.subSequence(0, MAX_SHOWN)) + "..." + mark + " (" + text.length() + " characters)";
    }

    /**
     * Names for a message, each {@link #quote quoted}, separated by commas: at most {@code max} of them, then how many
     * more there are ({@code 'a', 'b' and 998 more}).
     */
    public static String quoteAll(java.util.Collection<? extends CharSequence> names, int max) {
        StringBuilder text = new StringBuilder();
        int shown = 0;
        for (CharSequence name : names) {
            if (shown == max) {
                return text.append(" and ").append(names.size() - max).append(" more").toString();
            }
            text.append(shown++ == 0 ? "" : ", ").append(quote(name));
        }
        return text.toString();
    }

    /**
     * {@code text} escaped and, beyond {@link #MAX_SHOWN} characters, cut with its length said, without quotes: for
     * text that already describes a value (a plugin's message quoting what it was given).
     */
    public static String clip(CharSequence text) {
        if (text == null || text.length() <= 4 * MAX_SHOWN) {
            return escape(text);
        }
        return escape(text.subSequence(0, 4 * MAX_SHOWN)) + "... (" + text.length() + " characters)";
    }

    /** {@code text} with every control character and line break escaped; never shortened (for paths). */
    public static String escape(CharSequence text) {
        if (text == null) {
            return "null";
        }
        int n = text.length();
        int first = 0;
        while (first < n && !needsEscape(text.charAt(first))) {
            first++;
        }
        if (first == n) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(n + 16).append(text, 0, first);
        for (int i = first; i < n; i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /**
     * C0 and C1 controls, DEL, the Unicode line and paragraph separators and the bidirectional overrides, which could
     * make a message span lines or read differently from what it says.
     */
    private static boolean needsEscape(char c) {
        return c < 0x20 || c >= 0x7F && c <= 0x9F || c == '\u2028' || c == '\u2029'
                || c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069';
    }
}
