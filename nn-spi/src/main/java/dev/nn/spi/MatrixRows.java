package dev.nn.spi;

/** The calling thread's {@code double} row for {@link Matrix#copyRow(int, float[], int)}'s default. */
final class MatrixRows {
    private static final ThreadLocal<double[][]> ROWS = ThreadLocal.withInitial(() -> new double[1][0]);

    private MatrixRows() {
    }

    /** A row of at least {@code columns} values, kept for the thread and grown when needed. */
    static double[] scratch(int columns) {
        double[][] holder = ROWS.get();
        if (holder[0].length < columns) {
            holder[0] = new double[columns];
        }
        return holder[0];
    }
}
