package dev.nn.spi;

import java.io.IOException;

/** Reads a data set, e.g. from a CSV or IDX file. */
public interface DataSource {
    /**
     * Reads the data.
     *
     * @param context where relative paths start, and the classes the training set established
     * @throws DataException for content that is wrong, naming the file and the row or byte offset
     * @throws IOException when a file cannot be read; a missing file is reported with its path
     */
    DataTable read(DataContext context) throws IOException;
}
