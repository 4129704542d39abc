package dev.nn.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The integrity check a saved model carries: its first line, {@code # integrity: sha256:<hex>}, is the SHA-256 of
 * every byte after that line. A file cut short anywhere, or changed in any byte, no longer matches.
 *
 * <p>The line is a YAML comment, so the file stays an ordinary spec that reads the same with or without it. A file
 * that does not begin with the line is not checked here; the loader refuses it when it has a saved model's
 * {@code metadata.provenance} (see {@link SpecLoader}).
 */
public final class ModelIntegrity {
    /** How the line begins. */
    static final String MARK = "# integrity:";
    private static final String PREFIX = MARK + " sha256:";
    private static final int HEX_DIGITS = 64;
    /** What a saved model says right after the line, for a reader who opens it. */
    static final String NOTE = "# written by nn train --save; a changed byte makes nn refuse it (docs/models.md: The saved model)\n";

    /** What {@link #verify} found. */
    public enum Verdict {
        /** The file has no integrity line. */
        ABSENT,
        /** The line is there and matches the rest of the file. */
        INTACT,
        /** The line is there (or its beginning is) but does not match the rest of the file. */
        DAMAGED
    }

    private ModelIntegrity() {
    }

    /** {@code yaml} preceded by its integrity line (and a note saying what it is). */
    public static byte[] seal(byte[] yaml) {
        byte[] note = NOTE.getBytes(StandardCharsets.UTF_8);
        MessageDigest digest = sha256();
        digest.update(note);
        digest.update(yaml);
        byte[] line = (PREFIX + HexFormat.of().formatHex(digest.digest()) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] sealed = Arrays.copyOf(line, line.length + note.length + yaml.length);
        System.arraycopy(note, 0, sealed, line.length, note.length);
        System.arraycopy(yaml, 0, sealed, line.length + note.length, yaml.length);
        return sealed;
    }

    /**
     * Checks the file's bytes. A first line that begins like the integrity line (or a file that is only the
     * beginning of one, cut inside it), or any first line followed by a saved model's note, claims a check, and must
     * then be the whole line with the matching hash.
     */
    public static Verdict verify(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != '\n') {
            end++;
        }
        String first = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        boolean cutInside = end == bytes.length && !first.isEmpty() && MARK.startsWith(first);
        if (!first.startsWith(MARK) && !cutInside) {
            return followedByNote(bytes, end) ? Verdict.DAMAGED : Verdict.ABSENT;
        }
        if (end == bytes.length || first.length() != PREFIX.length() + HEX_DIGITS || !first.startsWith(PREFIX)) {
            return Verdict.DAMAGED;
        }
        MessageDigest digest = sha256();
        digest.update(bytes, end + 1, bytes.length - end - 1);
        byte[] expected = HexFormat.of().formatHex(digest.digest()).getBytes(StandardCharsets.ISO_8859_1);
        byte[] recorded = first.substring(PREFIX.length()).getBytes(StandardCharsets.ISO_8859_1);
        return MessageDigest.isEqual(expected, recorded) ? Verdict.INTACT : Verdict.DAMAGED;
    }

    /** Whether the line ending at {@code end} is followed by a saved model's note: its first line was changed. */
    private static boolean followedByNote(byte[] bytes, int end) {
        byte[] note = NOTE.getBytes(StandardCharsets.UTF_8);
        int from = end + 1;
        return bytes.length - from >= note.length
                && Arrays.equals(bytes, from, from + note.length, note, 0, note.length);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
