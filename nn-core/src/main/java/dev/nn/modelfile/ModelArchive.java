package dev.nn.modelfile;

import dev.nn.input.InputFiles;
import dev.nn.io.AtomicFiles;
import dev.nn.model.HeapLimit;
import dev.nn.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A model file: a zip whose entries are all stored (not compressed), sealed by its comment
 * {@code nn-sha256:<64 hex digits>}, the SHA-256 of every byte of the file before the comment.
 *
 * <p>{@link #read} checks the seal before anything it parses is used, so a file cut short at any offset, or changed
 * in any byte, is refused as a whole with one {@link ModelFileException}; then it checks the zip's structure (stored
 * entries, sizes, CRC-32s, no duplicate names) so that only a well-formed zip is ever used. The archive is an
 * ordinary zip: {@code unzip} and Python's {@code zipfile} read it, and a safetensors entry is read in place with
 * numpy. Writing ({@link Builder#write}) is deterministic (fixed timestamps) and atomic ({@link AtomicFiles}).
 *
 * <p>A model file may be of any size: the file is streamed through the SHA-256 and the CRC-32s a megabyte at a
 * time, and an entry is read from the file when it is asked for, a tensor straight into its array. Past 4 GB (an
 * entry, an offset) or 65,535 entries, the archive is written with the ZIP64 records of PKWARE's APPNOTE (4.3.14,
 * 4.3.15, 4.5.3); a smaller one has none, and is the plain zip it always was.
 */
public final class ModelArchive {
    public static final String MODEL_ENTRY = "model.yaml";
    public static final String TENSORS_ENTRY = "tensors.safetensors";

    static final String SEAL_PREFIX = "nn-sha256:";
    static final int SEAL_LENGTH = SEAL_PREFIX.length() + 64;
    /** A 32-bit size or offset at least this large is written as {@code 0xFFFFFFFF} and kept in the ZIP64 fields. */
    static final long ZIP64_LIMIT = 0xFFFFFFFFL;
    /** A 16-bit entry count at least this large is written as {@code 0xFFFF} and kept in the ZIP64 end record. */
    private static final int ZIP64_COUNT_LIMIT = 0xFFFF;

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int ZIP64_END = 0x06064b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EXTRA = 0x0001;
    private static final int LOCAL_HEADER_SIZE = 30;
    private static final int CENTRAL_HEADER_SIZE = 46;
    private static final int END_SIZE = 22;
    private static final int ZIP64_END_SIZE = 56;
    private static final int ZIP64_LOCATOR_SIZE = 20;
    private static final int VERSION = 10;
    /** The version needed to extract an entry or archive that uses ZIP64 (APPNOTE 4.4.3.2). */
    private static final int ZIP64_VERSION = 45;
    private static final int UTF8_NAMES = 0x0800;
    /** 1980-01-01 00:00, the earliest DOS date: the same model always gives the same bytes. */
    private static final int DOS_DATE = (1 << 5) | 1;
    private static final byte[] MAGIC = {'P', 'K', 3, 4};

    private final String displayName;
    private final Path file;
    private final Identity identity;
    private final Map<String, Span> entries;

    /** An entry's data: where it is in the file, how long, and its CRC-32. */
    private static final class Span {
        private final long offset;
        private final long length;
        private final long crc;

        Span(long offset, long length, long crc) {
            this.offset = offset;
            this.length = length;
            this.crc = crc;
        }
    }

    /**
     * What the file was when its seal was checked; an entry read later is read from that same file, unchanged, or
     * refused.
     */
    private static final class Identity {
        private final Object key;
        private final long size;
        private final FileTime modified;

        private Identity(Object key, long size, FileTime modified) {
            this.key = key;
            this.size = size;
            this.modified = modified;
        }

        static Identity of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Identity(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
        }

        /** Whether {@code file} is still this file, unchanged (a record's equals would cost a bootstrap). */
        boolean matches(Path file) throws IOException {
            Identity now = of(file);
            return Objects.equals(key, now.key) && size == now.size && modified.equals(now.modified);
        }
    }

    private ModelArchive(String displayName, Path file, Identity identity, Map<String, Span> entries) {
        this.displayName = displayName;
        this.file = file;
        this.identity = identity;
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
     * Reads {@code file}, checking its seal, then its structure; the entries are read when asked for.
     *
     * @throws ModelFileException naming the file as given when it is missing, unreadable, damaged or malformed
     */
    public static ModelArchive read(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new ModelFileException(name + ": is a directory; expected a model file (.nn)");
        }
        Optional<String> kind = InputFiles.notRegular(file);
        if (kind.isPresent()) {
            throw new ModelFileException(name + ": " + kind.get());
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Identity identity = Identity.of(file);
            long size = channel.size();
            Map<String, Span> entries = check(Region.of(channel, 0, size, name), name);
            if (channel.size() != size || !identity.matches(file)) {
                throw changed(name);
            }
            return new ModelArchive(name, file, identity, entries);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ModelFileException(name + ": cannot read the file: permission denied");
        } catch (IOException e) {
            throw new ModelFileException(name + ": cannot read the file: " + e.getMessage());
        }
    }

    /** The entries' names, in the archive's order. */
    public Set<String> entryNames() {
        return entries.keySet();
    }

    /**
     * The entry's bytes; empty when there is no such entry.
     *
     * @throws ModelFileException when the entry is larger than one array holds, or the file changed since it was read
     */
    public Optional<byte[]> entry(String name) {
        Span span = entries.get(name);
        if (span == null) {
            return Optional.empty();
        }
        if (span.length > SafeTensors.MAX_ARRAY) {
            throw new ModelFileException(displayName + ": entry " + name + " is " + span.length + " bytes, more than "
                    + "one array holds (" + SafeTensors.MAX_ARRAY + ")");
        }
        return Optional.of(fromFile(new Reading<byte[]>() {
            @Override
            public byte[] apply(Region region) {
                ByteBuffer bytes = region.bytes(span.offset, (int) span.length);
                CRC32 crc = new CRC32();
                crc.update(bytes.duplicate());
                if (crc.getValue() != span.crc) {
                    throw changed(displayName);
                }
                return bytes.array();
            }
        }));
    }

    /**
     * The tensors of the safetensors entry {@code entryName}, each read from the file straight into its array.
     *
     * @throws ModelFileException naming the file and entry when it is absent or not a valid safetensors layout
     */
    public SafeTensors tensors(String entryName) {
        Span span = entries.get(entryName);
        if (span == null) {
            throw new ModelFileException(displayName + ": has no entry " + entryName + "; it has: "
                    + String.join(", ", entries.keySet()));
        }
        String source = displayName + "!" + entryName;
        return fromFile(new Reading<SafeTensors>() {
            @Override
            public SafeTensors apply(Region region) {
                return SafeTensors.read(region.slice(span.offset, span.length), source);
            }
        });
    }

    /**
     * What is made of the file's bytes. Read paths use classes, not lambdas: a model loads in a fresh process, where
     * a lambda's first use costs more than the read.
     */
    private interface Reading<T> {
        T apply(Region region);
    }

    /** What {@code reading} makes of the file, provided it is still the file whose seal was checked. */
    private <T> T fromFile(Reading<T> reading) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (!identity.matches(file)) {
                throw changed(displayName);
            }
            T read = reading.apply(Region.of(channel, 0, identity.size, displayName));
            if (!identity.matches(file)) {
                throw changed(displayName);
            }
            return read;
        } catch (NoSuchFileException e) {
            throw changed(displayName);
        } catch (IOException e) {
            throw new ModelFileException(displayName + ": cannot read the file: " + e.getMessage());
        }
    }

    private static ModelFileException changed(String name) {
        return new ModelFileException(name + ": the file changed while it was read; read it again when nothing "
                + "writes it");
    }

    /**
     * The message for a model file too large for the heap. Loading one takes about four times its size: the tensors
     * read from it, then the spec's values and the network's values and gradients.
     */
    static ModelFileException notEnoughMemory(String name, long size) {
        return new ModelFileException(name + ": not enough memory to load this model (" + HeapLimit.describe(size)
                + ", which takes about " + HeapLimit.describe(4.0 * size) + " to load; nn may use at most "
                + HeapLimit.describe(HeapLimit.max()) + " of heap): give it more, e.g. "
                + HeapLimit.setting(Math.max(4.0 * size, 2.0 * HeapLimit.max())));
    }

    /**
     * The entries of the file, its seal and structure checked. The structure is parsed first, from the end, but a
     * problem in it is reported only once the seal matches: a damaged file is always called damaged.
     */
    private static Map<String, Span> check(Region in, String name) {
        long size = in.size();
        long commentStart = size - SEAL_LENGTH;
        if (size < END_SIZE + SEAL_LENGTH || !sealed(in.bytes(commentStart - END_SIZE, END_SIZE + SEAL_LENGTH))) {
            throw new ModelFileException(name + ": the file is damaged: " + (size == 0 ? "it is empty"
                    : "it does not end with its seal (" + SEAL_PREFIX + "...), so it was cut short or changed")
                    + "; retrain or restore it");
        }
        Map<String, Span> entries = null;
        RuntimeException structure = null;
        try {
            entries = parse(in, name);
        } catch (ModelFileException e) {
            structure = e;
        } catch (OutOfMemoryError e) {
            structure = notEnoughMemory(name, size);
        }
        Sealing sealing = new Sealing(entries == null ? List.of() : entries.values());
        in.stream(0, commentStart, sealing);
        byte[] expected = HexFormat.of().formatHex(sealing.digest.digest()).getBytes(StandardCharsets.ISO_8859_1);
        byte[] recorded = new byte[64];
        in.bytes(commentStart + SEAL_PREFIX.length(), recorded.length).get(recorded);
        if (!MessageDigest.isEqual(expected, recorded)) {
            throw new ModelFileException(name + ": the file is damaged or was changed: its seal (sha256) does not "
                    + "match its content; retrain or restore it");
        }
        if (structure != null) {
            throw structure;
        }
        for (Map.Entry<String, Span> entry : entries.entrySet()) {
            if (sealing.crc(entry.getValue()) != entry.getValue().crc) {
                throw malformed(name, "entry " + entry.getKey() + " does not match its CRC-32");
            }
        }
        return entries;
    }

    /** Takes the file's bytes in order into the SHA-256 of the seal, and each entry's into its CRC-32. */
    private static final class Sealing implements Region.Chunks {
        private final MessageDigest digest = sha256();
        private final Span[] spans;
        private final CRC32[] crcs;
        private final Map<Span, CRC32> bySpan = new IdentityHashMap<>();
        private int first;

        Sealing(Collection<Span> entries) {
            spans = entries.toArray(new Span[0]);
            Arrays.sort(spans, new Comparator<Span>() {
                @Override
                public int compare(Span a, Span b) {
                    return Long.compare(a.offset, b.offset);
                }
            });
            crcs = new CRC32[spans.length];
            for (int i = 0; i < crcs.length; i++) {
                crcs[i] = new CRC32();
                bySpan.put(spans[i], crcs[i]);
            }
        }

        @Override
        public void accept(long position, ByteBuffer chunk) {
            long chunkEnd = position + chunk.remaining();
            while (first < spans.length && end(spans[first]) <= position) {
                first++;
            }
            for (int i = first; i < spans.length && spans[i].offset < chunkEnd; i++) {
                long from = Math.max(spans[i].offset, position);
                long to = Math.min(end(spans[i]), chunkEnd);
                if (from < to) {
                    crcs[i].update(chunk.duplicate().position((int) (from - position)).limit((int) (to - position)));
                }
            }
            digest.update(chunk);
        }

        /** The CRC-32 of the bytes of {@code span}, one of the spans given. */
        long crc(Span span) {
            return bySpan.get(span).getValue();
        }

        private static long end(Span span) {
            return span.offset + span.length;
        }
    }

    /** Whether {@code tail} is an end-of-central-directory record whose comment is a well-formed seal. */
    private static boolean sealed(ByteBuffer tail) {
        if (tail.getInt(0) != END_OF_CENTRAL_DIRECTORY || u16(tail, 20) != SEAL_LENGTH) {
            return false;
        }
        for (int i = 0; i < SEAL_PREFIX.length(); i++) {
            if (tail.get(END_SIZE + i) != SEAL_PREFIX.charAt(i)) {
                return false;
            }
        }
        for (int i = END_SIZE + SEAL_PREFIX.length(); i < tail.capacity(); i++) {
            byte digit = tail.get(i);
            if (Character.digit(digit, 16) < 0 || Character.isUpperCase(digit)) {
                return false;
            }
        }
        return true;
    }

    /** The entries of a sealed file, every structural rule but the CRC-32s checked. */
    private static Map<String, Span> parse(Region in, String name) {
        long end = in.size() - SEAL_LENGTH - END_SIZE;
        ByteBuffer record = in.bytes(end, END_SIZE);
        int disk = u16(record, 4);
        int directoryDisk = u16(record, 6);
        long entriesHere = u16(record, 8);
        long entryCount = u16(record, 10);
        long directorySize = u32(record, 12);
        long directoryOffset = u32(record, 16);
        long directoryEnd = end;
        if (end >= ZIP64_LOCATOR_SIZE && in.bytes(end - ZIP64_LOCATOR_SIZE, 4).getInt(0) == ZIP64_LOCATOR) {
            ByteBuffer locator = in.bytes(end - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE);
            long zip64End = end - ZIP64_LOCATOR_SIZE - ZIP64_END_SIZE;
            if (locator.getInt(4) != 0 || locator.getInt(16) != 1) {
                throw malformed(name, "it spans several disks");
            }
            if (zip64End < 0 || locator.getLong(8) != zip64End) {
                throw malformed(name, "its zip64 end of central directory record is at " + locator.getLong(8)
                        + "; it must end where the zip64 locator begins (" + (end - ZIP64_LOCATOR_SIZE) + ")");
            }
            ByteBuffer zip64 = in.bytes(zip64End, ZIP64_END_SIZE);
            if (zip64.getInt(0) != ZIP64_END || zip64.getLong(4) != ZIP64_END_SIZE - 12) {
                throw malformed(name, "its zip64 end of central directory record is missing or has extensible data");
            }
            if (zip64.getInt(16) != 0 || zip64.getInt(20) != 0 || disk != 0 || directoryDisk != 0) {
                throw malformed(name, "it spans several disks");
            }
            if (!agrees(entriesHere, 0xFFFF, zip64.getLong(24)) || !agrees(entryCount, 0xFFFF, zip64.getLong(32))
                    || !agrees(directorySize, 0xFFFFFFFFL, zip64.getLong(40))
                    || !agrees(directoryOffset, 0xFFFFFFFFL, zip64.getLong(48))) {
                throw malformed(name, "its end of central directory record and zip64 record disagree");
            }
            entriesHere = zip64.getLong(24);
            entryCount = zip64.getLong(32);
            directorySize = zip64.getLong(40);
            directoryOffset = zip64.getLong(48);
            directoryEnd = zip64End;
        }
        if (disk != 0 || directoryDisk != 0 || entriesHere != entryCount) {
            throw malformed(name, "it spans several disks");
        }
        if (directorySize < 0 || directoryOffset < 0 || directoryOffset != directoryEnd - directorySize) {
            throw malformed(name, "its central directory (" + Long.toUnsignedString(directorySize) + " bytes at "
                    + Long.toUnsignedString(directoryOffset) + ") does not end where the end record begins ("
                    + directoryEnd + ")");
        }
        if (directorySize > SafeTensors.MAX_ARRAY) {
            throw malformed(name, "its central directory is " + directorySize + " bytes; at most "
                    + SafeTensors.MAX_ARRAY + " are read");
        }
        if (entryCount < 0 || entryCount > directorySize / CENTRAL_HEADER_SIZE) {
            throw malformed(name, "its central directory of " + directorySize + " bytes cannot hold "
                    + Long.toUnsignedString(entryCount) + " entries");
        }
        ByteBuffer directory = in.bytes(directoryOffset, (int) directorySize);
        int length = (int) directorySize;
        Map<String, Span> entries = new LinkedHashMap<>();
        int at = 0;
        for (long i = 0; i < entryCount; i++) {
            if (at + CENTRAL_HEADER_SIZE > length || directory.getInt(at) != CENTRAL_HEADER) {
                throw malformed(name, "central directory entry " + (i + 1) + " of " + entryCount + " is missing");
            }
            int flags = u16(directory, at + 8);
            int method = u16(directory, at + 10);
            long crc = u32(directory, at + 16);
            long compressed = u32(directory, at + 20);
            long size = u32(directory, at + 24);
            int nameLength = u16(directory, at + 28);
            int extraLength = u16(directory, at + 30);
            int commentLength = u16(directory, at + 32);
            int startDisk = u16(directory, at + 34);
            long localOffset = u32(directory, at + 42);
            int next = at + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
            if (next > length) {
                throw malformed(name, "central directory entry " + (i + 1) + " runs past the directory");
            }
            String entry = entryName(directory, at + CENTRAL_HEADER_SIZE, nameLength, name);
            ByteBuffer zip64 = zip64Extra(directory.slice(at + CENTRAL_HEADER_SIZE + nameLength, extraLength)
                    .order(ByteOrder.LITTLE_ENDIAN), entry, name);
            int expected = (size == ZIP64_LIMIT ? 8 : 0) + (compressed == ZIP64_LIMIT ? 8 : 0)
                    + (localOffset == ZIP64_LIMIT ? 8 : 0) + (startDisk == 0xFFFF ? 4 : 0);
            if (expected != (zip64 == null ? 0 : zip64.capacity())) {
                throw malformed(name, "entry " + entry + "'s zip64 extra field does not hold exactly the sizes and "
                        + "offset its central directory entry leaves to it");
            }
            if (size == ZIP64_LIMIT) {
                size = zip64.getLong();
            }
            if (compressed == ZIP64_LIMIT) {
                compressed = zip64.getLong();
            }
            if (localOffset == ZIP64_LIMIT) {
                localOffset = zip64.getLong();
            }
            if (startDisk == 0xFFFF) {
                startDisk = zip64.getInt();
            }
            if (method != 0 || compressed != size) {
                throw malformed(name, "entry " + entry + " is compressed; a model file's entries are stored");
            }
            if ((flags & ~UTF8_NAMES) != 0) {
                throw malformed(name, "entry " + entry + " has flags 0x" + Integer.toHexString(flags)
                        + " (encryption or a data descriptor); a model file's entries have none");
            }
            if (startDisk != 0) {
                throw malformed(name, "it spans several disks");
            }
            Span span = local(in, localOffset, entry, nameLength, size, crc, directoryOffset, name);
            if (entries.put(entry, span) != null) {
                throw malformed(name, "it has two entries named " + entry);
            }
            at = next;
        }
        if (at != length) {
            throw malformed(name, "its central directory holds more than its " + entryCount + " entries");
        }
        return entries;
    }

    /** Whether a 16- or 32-bit field of the end record holds the zip64 record's value, or says to look there. */
    private static boolean agrees(long field, long all, long zip64) {
        return field == all || field == zip64;
    }

    /** The data of the zip64 extra field in {@code extra} (APPNOTE 4.5.3); null when there is none. */
    private static ByteBuffer zip64Extra(ByteBuffer extra, String entry, String name) {
        ByteBuffer found = null;
        int at = 0;
        while (at < extra.capacity()) {
            if (at + 4 > extra.capacity() || at + 4 + u16(extra, at + 2) > extra.capacity()) {
                throw malformed(name, "entry " + entry + "'s extra field runs past its end");
            }
            int length = u16(extra, at + 2);
            if (u16(extra, at) == ZIP64_EXTRA) {
                if (found != null) {
                    throw malformed(name, "entry " + entry + " has two zip64 extra fields");
                }
                found = extra.slice(at + 4, length).order(ByteOrder.LITTLE_ENDIAN);
            }
            at += 4 + length;
        }
        return found;
    }

    /** The data of the entry whose local header is at {@code offset}, checked against its central entry. */
    private static Span local(Region in, long offset, String entry, int nameLength, long size, long crc,
                              long directory, String name) {
        if (offset < 0 || offset > directory - LOCAL_HEADER_SIZE
                || in.bytes(offset, 4).getInt(0) != LOCAL_HEADER) {
            throw malformed(name, "entry " + entry + " has no local header at offset "
                    + Long.toUnsignedString(offset));
        }
        ByteBuffer header = in.bytes(offset, LOCAL_HEADER_SIZE);
        int localNameLength = u16(header, 26);
        int extraLength = u16(header, 28);
        long dataStart = offset + LOCAL_HEADER_SIZE + localNameLength + extraLength;
        if (u16(header, 8) != 0 || u32(header, 14) != crc || localNameLength != nameLength || size < 0
                || dataStart > directory || size > directory - dataStart) {
            throw mismatch(entry, name);
        }
        ByteBuffer nameAndExtra = in.bytes(offset + LOCAL_HEADER_SIZE, localNameLength + extraLength);
        if (!sameName(nameAndExtra, entry)) {
            throw mismatch(entry, name);
        }
        long localCompressed = u32(header, 18);
        long localSize = u32(header, 22);
        ByteBuffer zip64 = zip64Extra(nameAndExtra.slice(localNameLength, extraLength)
                .order(ByteOrder.LITTLE_ENDIAN), entry, name);
        if (localSize == ZIP64_LIMIT && localCompressed == ZIP64_LIMIT) {
            // APPNOTE 4.5.3: in a local header the zip64 field holds both sizes
            if (zip64 == null || zip64.capacity() != 16) {
                throw mismatch(entry, name);
            }
            localSize = zip64.getLong(0);
            localCompressed = zip64.getLong(8);
        } else if (zip64 != null) {
            throw mismatch(entry, name);
        }
        if (localSize != size || localCompressed != size) {
            throw mismatch(entry, name);
        }
        return new Span(dataStart, size, crc);
    }

    private static ModelFileException mismatch(String entry, String name) {
        return malformed(name, "entry " + entry + "'s local header does not match the central directory");
    }

    private static boolean sameName(ByteBuffer in, String entry) {
        byte[] expected = entry.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < expected.length; i++) {
            if (in.get(i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static String entryName(ByteBuffer directory, int at, int length, String name) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(directory.slice(at, length)).toString();
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
        private long zip64Limit = ZIP64_LIMIT;

        private Builder() {
        }

        /**
         * Writes every size and offset of at least {@code limit} bytes in the ZIP64 fields (normally those of 4 GB
         * and more), so that a test can write a small archive in the ZIP64 form.
         */
        Builder zip64Limit(long limit) {
            if (limit < 0 || limit > ZIP64_LIMIT) {
                throw new IllegalArgumentException("the zip64 limit must be 0 to " + ZIP64_LIMIT + ": " + limit);
            }
            zip64Limit = limit;
            return this;
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
            if (entries.containsKey(name)) {
                throw new IllegalArgumentException("the archive already has an entry named " + name);
            }
            entries.put(name, content);
            return this;
        }

        /**
         * Writes the archive to {@code target}, atomically: readers see the old file or the whole new one. Each
         * entry is streamed: a tensors entry is serialised once for its CRC-32 and once more as it is written.
         *
         * @throws IOException when it cannot be written (naming the target, see {@link AtomicFiles})
         */
        public void write(Path target) throws IOException {
            AtomicFiles.write(target, this::writeTo);
        }

        private void writeTo(OutputStream target) throws IOException {
            SealingStream out = new SealingStream(target);
            ByteArrayOutputStream directory = new ByteArrayOutputStream();
            for (Map.Entry<String, Content> entry : entries.entrySet()) {
                byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
                Content content = entry.getValue();
                long crc = content.crc();
                long size = content.size();
                long offset = out.count;
                boolean bigSize = size >= zip64Limit;
                boolean bigOffset = offset >= zip64Limit;
                int localExtra = bigSize ? 4 + 16 : 0;
                ByteBuffer local = ByteBuffer.allocate(LOCAL_HEADER_SIZE + name.length + localExtra)
                        .order(ByteOrder.LITTLE_ENDIAN);
                local.putInt(LOCAL_HEADER).putShort((short) (bigSize ? ZIP64_VERSION : VERSION))
                        .putShort((short) UTF8_NAMES).putShort((short) 0).putShort((short) 0)
                        .putShort((short) DOS_DATE).putInt((int) crc).putInt(field(size, bigSize))
                        .putInt(field(size, bigSize)).putShort((short) name.length).putShort((short) localExtra)
                        .put(name);
                if (bigSize) {
                    local.putShort((short) ZIP64_EXTRA).putShort((short) 16).putLong(size).putLong(size);
                }
                out.write(local.array());
                content.writeTo(out);
                int zip64Data = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
                int centralExtra = zip64Data == 0 ? 0 : 4 + zip64Data;
                int version = zip64Data == 0 ? VERSION : ZIP64_VERSION;
                ByteBuffer central = ByteBuffer.allocate(CENTRAL_HEADER_SIZE + name.length + centralExtra)
                        .order(ByteOrder.LITTLE_ENDIAN);
                central.putInt(CENTRAL_HEADER).putShort((short) version).putShort((short) version)
                        .putShort((short) UTF8_NAMES).putShort((short) 0).putShort((short) 0)
                        .putShort((short) DOS_DATE).putInt((int) crc).putInt(field(size, bigSize))
                        .putInt(field(size, bigSize)).putShort((short) name.length).putShort((short) centralExtra)
                        .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0)
                        .putInt(field(offset, bigOffset)).put(name);
                if (zip64Data > 0) {
                    // APPNOTE 4.5.3: only the fields left as 0xFFFFFFFF, in this order
                    central.putShort((short) ZIP64_EXTRA).putShort((short) zip64Data);
                    if (bigSize) {
                        central.putLong(size).putLong(size);
                    }
                    if (bigOffset) {
                        central.putLong(offset);
                    }
                }
                directory.write(central.array());
            }
            long directoryOffset = out.count;
            long directorySize = directory.size();
            long count = entries.size();
            directory.writeTo(out);
            boolean bigCount = count >= ZIP64_COUNT_LIMIT;
            boolean bigDirectorySize = directorySize >= zip64Limit;
            boolean bigDirectoryOffset = directoryOffset >= zip64Limit;
            if (bigCount || bigDirectorySize || bigDirectoryOffset) {
                long zip64End = out.count;
                ByteBuffer records = ByteBuffer.allocate(ZIP64_END_SIZE + ZIP64_LOCATOR_SIZE)
                        .order(ByteOrder.LITTLE_ENDIAN);
                records.putInt(ZIP64_END).putLong(ZIP64_END_SIZE - 12).putShort((short) ZIP64_VERSION)
                        .putShort((short) ZIP64_VERSION).putInt(0).putInt(0).putLong(count).putLong(count)
                        .putLong(directorySize).putLong(directoryOffset);
                records.putInt(ZIP64_LOCATOR).putInt(0).putLong(zip64End).putInt(1);
                out.write(records.array());
            }
            short shortCount = (short) (bigCount ? 0xFFFF : count);
            ByteBuffer end = ByteBuffer.allocate(END_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            end.putInt(END_OF_CENTRAL_DIRECTORY).putShort((short) 0).putShort((short) 0)
                    .putShort(shortCount).putShort(shortCount)
                    .putInt(field(directorySize, bigDirectorySize)).putInt(field(directoryOffset, bigDirectoryOffset))
                    .putShort((short) SEAL_LENGTH);
            out.write(end.array());
            target.write((SEAL_PREFIX + HexFormat.of().formatHex(out.digest.digest()))
                    .getBytes(StandardCharsets.ISO_8859_1));
            target.flush();
        }

        /** A 32-bit field: the value, or 0xFFFFFFFF when the value is in the ZIP64 fields. */
        private static int field(long value, boolean zip64) {
            return (int) (zip64 ? ZIP64_LIMIT : value);
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
