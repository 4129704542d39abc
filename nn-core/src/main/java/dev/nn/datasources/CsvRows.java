package dev.nn.datasources;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.nn.spi.DataException;
import dev.nn.input.UserText;
import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a CSV file one at a time, each cell with its line and column, for the {@code csv} format and
 * {@code nn predict}. Spaces around cells are trimmed, blank lines skipped, and a byte-order mark before the first
 * cell dropped; malformed CSV is a {@link DataException} at its line.
 */
public final class CsvRows implements Closeable {
    private static final CsvMapper MAPPER = new CsvMapper().enable(CsvParser.Feature.TRIM_SPACES);

    private final Path file;
    private final CsvParser parser;
    private boolean first = true;

    /**
     * One row.
     *
     * @param line the 1-based line it starts on
     * @param cells the values, trimmed
     * @param lines the 1-based line where each cell starts (a quoted cell may span lines)
     * @param columns the 1-based column (in characters) where each cell starts
     */
    public record Row(int line, String[] cells, int[] lines, int[] columns) {
    }

    private CsvRows(Path file, CsvParser parser) {
        this.file = file;
        this.parser = parser;
    }

    /** Rows of {@code reader}, which reads {@code file} (named in messages). */
    public static CsvRows of(Path file, Reader reader) throws IOException {
        return new CsvRows(file, (CsvParser) MAPPER.getFactory().createParser(new TextOnly(file, reader)));
    }

    /**
     * Refuses control characters other than tab and line breaks, at their line and column: the CSV parser would trim
     * a NUL byte or a BEL around a cell away ({@code 4\u0000} would read as 4), and inside a value they are corruption.
     */
    private static final class TextOnly extends FilterReader {
        private final Path file;
        private int line = 1;
        private int column = 1;

        TextOnly(Path file, Reader in) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                check((char) c);
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            for (int i = offset; i < offset + read; i++) {
                check(buffer[i]);
            }
            return read;
        }

        private void check(char c) {
            if (c == '\n') {
                line++;
                column = 1;
                return;
            }
            if (c < 0x20 && c != '\t' && c != '\r' || c == 0x7F) {
                throw new DataException(file, line, column, "expected text but found "
                        + (c == 0 ? "a NUL byte" : "the control character " + UserText.quote(String.valueOf(c)))
                        + "; a CSV file holds no control characters but tabs and line breaks");
            }
            column++;
        }
    }

    /**
     * The next row that is not blank, or {@code null} at the end.
     *
     * @throws CharacterCodingException when the text is not valid in the reader's charset
     * @throws DataException when the CSV is malformed (an unterminated quote)
     */
    public Row next() throws IOException {
        try {
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return null;
                }
                if (token != JsonToken.START_ARRAY) {
                    continue;
                }
                List<String> cells = new ArrayList<>();
                List<Integer> lines = new ArrayList<>();
                List<Integer> columns = new ArrayList<>();
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
                    JsonLocation at = parser.currentTokenLocation();
                    cells.add(parser.getText());
                    lines.add(at.getLineNr());
                    columns.add(Math.max(1, at.getColumnNr()));
                }
                if (cells.size() == 1 && cells.get(0).isBlank() || cells.isEmpty()) {
                    continue;
                }
                if (first && cells.get(0).startsWith("\uFEFF")) {
                    cells.set(0, cells.get(0).substring(1).strip()); // spreadsheet programs put it before UTF-8
                }
                first = false;
                return new Row(lines.get(0), cells.toArray(String[]::new),
                        lines.stream().mapToInt(Integer::intValue).toArray(),
                        columns.stream().mapToInt(Integer::intValue).toArray());
            }
        } catch (JacksonException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof CharacterCodingException coding) {
                    throw coding;
                }
            }
            JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
            int line = at == null ? 0 : at.getLineNr();
            if (e instanceof StreamConstraintsException) {
                throw new DataException(file, line > 0 ? "line " + line : "", "a cell of more than "
                        + MAPPER.getFactory().streamReadConstraints().getMaxStringLength()
                        + " characters, more than nn reads in one cell");
            }
            throw new DataException(file, line > 0 ? "line " + line : "", "malformed CSV: " + e.getOriginalMessage());
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
