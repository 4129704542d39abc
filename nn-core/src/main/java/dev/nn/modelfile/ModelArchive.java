package dev.nn.modelfile;

import dev.nn.input.InputFiles;
import dev.nn.io.AtomicFiles;
import dev.nn.model.HeapLimit;
import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A model file: a zip whose entries are all stored (not compressed), sealed by its comment
 * {@code nn-sha256:<64 hex digits>}, the SHA-256 of every byte of the file before the comment.
 *
 * <p>{@link #read} checks the seal before it parses anything, so a file cut short at any offset, or changed in any
 * byte, is refused as a whole with one {@link ModelFileException}; then it checks the zip's structure (stored
 * entries, sizes, CRC-32s, no duplicate names) so that only a well-formed zip is ever used. The archive is an
 * ordinary zip: {@code unzip} and Python's {@code zipfile} read it, and a safetensors entry is read in place with
 * numpy. Writing ({@link Builder#write}) is deterministic (fixed timestamps) and atomic ({@link AtomicFiles}).
 *
 * <p>The whole file is read into memory: a model file may be up to 2 GB (a Java array's limit); a file larger than
 * that, or than the heap allows, is refused with a message saying so.
 */
public final class ModelArchive {
    public static final String MODEL_ENTRY = "model.yaml";
    public static final String TENSORS_ENTRY = "tensors.safetensors";

    static final String SEAL_PREFIX = "nn-sha256:";
    static final int SEAL_LENGTH = SEAL_PREFIX.length() + 64;
    /** The largest file read: the most bytes one Java array holds. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int LOCAL_HEADER_SIZE = 30;
    private static final int CENTRAL_HEADER_SIZE = 46;
    private static final int END_SIZE = 22;
    private static final int VERSION = 10;
    private static final int UTF8_NAMES = 0x0800;
    /** 1980-01-01 00:00, the earliest DOS date: the same model always gives the same bytes. */
    private static final int DOS_DATE = (1 << 5) | 1;
    private static final byte[] MAGIC = {'P', 'K', 3, 4};

    private final String displayName;
    private final byte[] bytes;
    private final Map<String, Span> entries;

    private record Span(int offset, int length) {
    }

    private ModelArchive(String displayName, byte[] bytes, Map<String, Span> entries) {
        this.displayName = displayName;
        this.bytes = bytes;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** Whether {@code file} begins as a zip does ({@code PK\3\4}); false when it cannot be read. */
    public static boolean isArchive(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads {@code file}, checking its seal, then its structure.
     *
     * @throws ModelFileException naming the file as given when it is missing, unreadable, damaged or malformed
     */
    public static ModelArchive read(Path file) {
        String name = file.toString();
        byte[] bytes = readBytes(file, name);
        checkSeal(bytes, name);
        return new ModelArchive(name, bytes, parse(bytes, name));
    }

    /** The entries' names, in the archive's order. */
    public Set<String> entryNames() {
        return entries.keySet();
    }

    /** A copy of the entry's bytes; empty when there is no such entry. */
    public Optional<byte[]> entry(String name) {
        Span span = entries.get(name);
        return span == null ? Optional.empty()
                : Optional.of(Arrays.copyOfRange(bytes, span.offset, span.offset + span.length));
    }

    /**
     * The tensors of the safetensors entry {@code entryName}.
     *
     * @throws ModelFileException naming the file and entry when it is absent or not a valid safetensors layout
     */
    public SafeTensors tensors(String entryName) {
        Span span = entries.get(entryName);
        if (span == null) {
            throw new ModelFileException(displayName + ": has no entry " + entryName + "; it has: "
                    + String.join(", ", entries.keySet()));
        }
        return SafeTensors.read(ByteBuffer.wrap(bytes, span.offset, span.length), displayName + "!" + entryName);
    }

    private static byte[] readBytes(Path file, String name) {
        if (Files.isDirectory(file)) {
            throw new ModelFileException(name + ": is a directory; expected a model file (.nn)");
        }
        Optional<String> kind = InputFiles.notRegular(file);
        if (kind.isPresent()) {
            throw new ModelFileException(name + ": " + kind.get());
        }
        long size = 0;
        try {
            size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ModelFileException(name + ": the file is " + size + " bytes; a model file may be at most "
                        + MAX_BYTES + " bytes (2 GB)");
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = new byte[(int) size];
                int read = in.readNBytes(bytes, 0, bytes.length);
                if (read < bytes.length) {
                    return Arrays.copyOf(bytes, read); // it shrank while read: the seal says whether that is whole
                }
                if (in.read() >= 0) {
                    throw new ModelFileException(name + ": the file grew while it was read; read it again when "
                            + "nothing writes it");
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new ModelFileException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ModelFileException(name + ": cannot read the file: permission denied");
        } catch (IOException e) {
            throw new ModelFileException(name + ": cannot read the file: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            throw notEnoughMemory(name, size);
        }
    }

    /**
     * The message for a model file too large for the heap. Loading one takes about four times its size: its bytes
     * and the tensors made of them, then the spec's values and the network's values and gradients.
     */
    static ModelFileException notEnoughMemory(String name, long size) {
        return new ModelFileException(name + ": not enough memory to load this model (" + HeapLimit.describe(size)
                + ", which takes about " + HeapLimit.describe(4.0 * size) + " to load; nn may use at most "
                + HeapLimit.describe(HeapLimit.max()) + " of heap): give it more, e.g. "
                + HeapLimit.setting(Math.max(4.0 * size, 2.0 * HeapLimit.max())));
    }

    private static void checkSeal(byte[] bytes, String name) {
        int commentStart = bytes.length - SEAL_LENGTH;
        if (bytes.length < END_SIZE + SEAL_LENGTH || !sealed(bytes, commentStart)) {
            throw new ModelFileException(name + ": the file is damaged: " + (bytes.length == 0 ? "it is empty"
                    : "it does not end with its seal (" + SEAL_PREFIX + "...), so it was cut short or changed")
                    + "; retrain or restore it");
        }
        MessageDigest digest = sha256();
        digest.update(bytes, 0, commentStart);
        byte[] expected = HexFormat.of().formatHex(digest.digest()).getBytes(StandardCharsets.ISO_8859_1);
        byte[] recorded = Arrays.copyOfRange(bytes, commentStart + SEAL_PREFIX.length(), bytes.length);
        if (!MessageDigest.isEqual(expected, recorded)) {
            throw new ModelFileException(name + ": the file is damaged or was changed: its seal (sha256) does not "
                    + "match its content; retrain or restore it");
        }
    }

    /** Whether the file ends with an end-of-central-directory record whose comment is a well-formed seal. */
    private static boolean sealed(byte[] bytes, int commentStart) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int end = commentStart - END_SIZE;
        if (in.getInt(end) != END_OF_CENTRAL_DIRECTORY || (in.getShort(end + 20) & 0xFFFF) != SEAL_LENGTH) {
            return false;
        }
        for (int i = 0; i < SEAL_PREFIX.length(); i++) {
            if (bytes[commentStart + i] != SEAL_PREFIX.charAt(i)) {
                return false;
            }
        }
        for (int i = commentStart + SEAL_PREFIX.length(); i < bytes.length; i++) {
            if (Character.digit(bytes[i], 16) < 0 || Character.isUpperCase(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    /** The entries of a sealed file, every structural rule checked. */
    private static Map<String, Span> parse(byte[] bytes, String name) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int end = bytes.length - SEAL_LENGTH - END_SIZE;
        int disk = u16(in, end + 4);
        int directoryDisk = u16(in, end + 6);
        int entriesHere = u16(in, end + 8);
        int entryCount = u16(in, end + 10);
        long directorySize = u32(in, end + 12);
        long directoryOffset = u32(in, end + 16);
        if (disk != 0 || directoryDisk != 0 || entriesHere != entryCount) {
            throw malformed(name, "it spans several disks");
        }
        if (directoryOffset + directorySize != end) {
            throw malformed(name, "its central directory (" + directorySize + " bytes at " + directoryOffset
                    + ") does not end where the end record begins (" + end + ")");
        }
        Map<String, Span> entries = new LinkedHashMap<>();
        int at = (int) directoryOffset;
        for (int i = 0; i < entryCount; i++) {
            if (at + CENTRAL_HEADER_SIZE > end || in.getInt(at) != CENTRAL_HEADER) {
                throw malformed(name, "central directory entry " + (i + 1) + " of " + entryCount + " is missing");
            }
            int flags = u16(in, at + 8);
            int method = u16(in, at + 10);
            long crc = u32(in, at + 16);
            long compressed = u32(in, at + 20);
            long size = u32(in, at + 24);
            int nameLength = u16(in, at + 28);
            int extraLength = u16(in, at + 30);
            int commentLength = u16(in, at + 32);
            long localOffset = u32(in, at + 42);
            int next = at + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
            if (next > end) {
                throw malformed(name, "central directory entry " + (i + 1) + " runs past the directory");
            }
            String entry = entryName(bytes, at + CENTRAL_HEADER_SIZE, nameLength, name);
            if (method != 0 || compressed != size) {
                throw malformed(name, "entry " + entry + " is compressed; a model file's entries are stored");
            }
            if ((flags & ~UTF8_NAMES) != 0) {
                throw malformed(name, "entry " + entry + " has flags 0x" + Integer.toHexString(flags)
                        + " (encryption or a data descriptor); a model file's entries have none");
            }
            Span span = local(in, localOffset, entry, nameLength, size, directoryOffset, name);
            CRC32 check = new CRC32();
            check.update(bytes, span.offset, span.length);
            if (check.getValue() != crc) {
                throw malformed(name, "entry " + entry + " does not match its CRC-32");
            }
            if (entries.put(entry, span) != null) {
                throw malformed(name, "it has two entries named " + entry);
            }
            at = next;
        }
        if (at != end) {
            throw malformed(name, "its central directory holds more than its " + entryCount + " entries");
        }
        return entries;
    }

    /** The data of the entry whose local header is at {@code offset}, checked against its central entry. */
    private static Span local(ByteBuffer in, long offset, String entry, int nameLength, long size, long directory,
                              String name) {
        if (offset + LOCAL_HEADER_SIZE > directory || in.getInt((int) offset) != LOCAL_HEADER) {
            throw malformed(name, "entry " + entry + " has no local header at offset " + offset);
        }
        int at = (int) offset;
        int localNameLength = u16(in, at + 26);
        int extraLength = u16(in, at + 28);
        long dataStart = offset + LOCAL_HEADER_SIZE + localNameLength + extraLength;
        if (u16(in, at + 8) != 0 || u32(in, at + 18) != size || u32(in, at + 22) != size
                || localNameLength != nameLength || dataStart + size > directory
                || !sameName(in, at + LOCAL_HEADER_SIZE, entry)) {
            throw malformed(name, "entry " + entry + "'s local header does not match the central directory");
        }
        return new Span((int) dataStart, (int) size);
    }

    private static boolean sameName(ByteBuffer in, int at, String entry) {
        byte[] expected = entry.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < expected.length; i++) {
            if (in.get(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static String entryName(byte[] bytes, int at, int length, String name) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, at, length)).toString();
        } catch (CharacterCodingException e) {
            throw malformed(name, "an entry's name is not UTF-8");
        }
    }

    private static int u16(ByteBuffer in, int at) {
        return in.getShort(at) & 0xFFFF;
    }

    private static long u32(ByteBuffer in, int at) {
        return in.getInt(at) & 0xFFFFFFFFL;
    }

    private static ModelFileException malformed(String name, String what) {
        return new ModelFileException(name + ": not a valid model file: " + what);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Collects entries, in order, and writes them as a sealed archive. */
    public static final class Builder {
        private final Map<String, Content> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds an entry holding {@code bytes} (not copied). */
        public Builder entry(String name, byte[] bytes) {
            Objects.requireNonNull(bytes, "bytes is null");
            return add(name, new Content(bytes, null, null));
        }

        /** Adds a safetensors entry, written from the tensors when the archive is written. */
        public Builder tensors(String name, Map<String, Tensor> tensors, Map<String, String> metadata) {
            SafeTensors.header(tensors, metadata); // refuses bad names now rather than when writing
            return add(name, new Content(null, new LinkedHashMap<>(tensors), new LinkedHashMap<>(metadata)));
        }

        private Builder add(String name, Content content) {
            Objects.requireNonNull(name, "name is null");
            if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
                throw new IllegalArgumentException("an entry name must be 1 to 65535 bytes: '" + name + "'");
            }
            if (entries.size() == 0xFFFF) {
                throw new IllegalArgumentException("an archive holds at most 65535 entries");
            }
            if (entries.containsKey(name)) {
                throw new IllegalArgumentException("the archive already has an entry named " + name);
            }
            entries.put(name, content);
            return this;
        }

        /**
         * Writes the archive to {@code target}, atomically: readers see the old file or the whole new one.
         *
         * @throws IOException when it cannot be written (naming the target, see {@link AtomicFiles})
         * @throws ModelFileException when the archive would be larger than a model file may be (2 GB)
         */
        public void write(Path target) throws IOException {
            long total = END_SIZE + SEAL_LENGTH;
            for (Map.Entry<String, Content> entry : entries.entrySet()) {
                int nameLength = entry.getKey().getBytes(StandardCharsets.UTF_8).length;
                total += LOCAL_HEADER_SIZE + CENTRAL_HEADER_SIZE + 2L * nameLength + entry.getValue().size();
            }
            if (total > MAX_BYTES) {
                throw new ModelFileException(target + ": the model would be " + total + " bytes; a model file may "
                        + "be at most " + MAX_BYTES + " bytes (2 GB)");
            }
            AtomicFiles.write(target, this::writeTo);
        }

        private void writeTo(OutputStream target) throws IOException {
            SealingStream out = new SealingStream(target);
            ByteBuffer directory = ByteBuffer.allocate(directorySize()).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, Content> entry : entries.entrySet()) {
                byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
                Content content = entry.getValue();
                long crc = content.crc();
                int size = Math.toIntExact(content.size());
                int offset = Math.toIntExact(out.count);
                ByteBuffer local = ByteBuffer.allocate(LOCAL_HEADER_SIZE + name.length).order(ByteOrder.LITTLE_ENDIAN);
                local.putInt(LOCAL_HEADER).putShort((short) VERSION).putShort((short) UTF8_NAMES).putShort((short) 0)
                        .putShort((short) 0).putShort((short) DOS_DATE).putInt((int) crc).putInt(size).putInt(size)
                        .putShort((short) name.length).putShort((short) 0).put(name);
                out.write(local.array());
                content.writeTo(out);
                directory.putInt(CENTRAL_HEADER).putShort((short) VERSION).putShort((short) VERSION)
                        .putShort((short) UTF8_NAMES).putShort((short) 0).putShort((short) 0)
                        .putShort((short) DOS_DATE).putInt((int) crc).putInt(size).putInt(size)
                        .putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                        .putShort((short) 0).putInt(0).putInt(offset).put(name);
            }
            int directoryOffset = Math.toIntExact(out.count);
            out.write(directory.array());
            ByteBuffer end = ByteBuffer.allocate(END_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            end.putInt(END_OF_CENTRAL_DIRECTORY).putShort((short) 0).putShort((short) 0)
                    .putShort((short) entries.size()).putShort((short) entries.size())
                    .putInt(directory.capacity()).putInt(directoryOffset).putShort((short) SEAL_LENGTH);
            out.write(end.array());
            target.write((SEAL_PREFIX + HexFormat.of().formatHex(out.digest.digest()))
                    .getBytes(StandardCharsets.ISO_8859_1));
            target.flush();
        }

        private int directorySize() {
            int size = 0;
            for (String name : entries.keySet()) {
                size += CENTRAL_HEADER_SIZE + name.getBytes(StandardCharsets.UTF_8).length;
            }
            return size;
        }
    }

    /** An entry's content: bytes, or tensors serialised when written. */
    private record Content(byte[] bytes, Map<String, Tensor> tensors, Map<String, String> metadata) {
        long size() {
            return bytes != null ? bytes.length : SafeTensors.byteSize(tensors, metadata);
        }

        /** The CRC-32 of the content; tensors are serialised once for it, and again when written. */
        long crc() throws IOException {
            CRC32 crc = new CRC32();
            if (bytes != null) {
                crc.update(bytes);
            } else {
                SafeTensors.write(new OutputStream() {
                    @Override
                    public void write(int b) {
                        crc.update(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        crc.update(b, off, len);
                    }
                }, tensors, metadata);
            }
            return crc.getValue();
        }

        void writeTo(OutputStream out) throws IOException {
            if (bytes != null) {
                out.write(bytes);
            } else {
                SafeTensors.write(out, tensors, metadata);
            }
        }
    }

    /** Passes bytes on, counting them and hashing them for the seal. */
    private static final class SealingStream extends OutputStream {
        private final OutputStream out;
        private final MessageDigest digest = sha256();
        private long count;

        SealingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            count += len;
        }
    }
}
