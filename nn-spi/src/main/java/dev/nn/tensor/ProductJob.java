package dev.nn.tensor;

/**
 * One product's shape and how it is split between threads, shared by the float64 engine ({@link Gemm}) and the
 * float32 one ({@link FloatGemm}); each subclass holds its operands and computes a part with {@link #compute}. The
 * calling thread reuses one job of each kind for every product it makes (see {@link Gemm.Context}), so nothing is
 * allocated per product.
 *
 * <p>A product is split only from {@link Gemm#PARALLEL_WORK} multiply-adds on: over panels of {@code nr} columns
 * when there are enough of them, else over tiles of {@code mr} rows. Each part computes whole output elements, so the
 * split never changes a result.
 */
abstract class ProductJob implements WorkerPool.Task {
    int mr;
    int nr;
    int aRowStride;
    int aDepthStride;
    int bDepthStride;
    int bColStride;
    int rows;
    int cols;
    int depth;
    private int parts;
    private boolean byPanels;

    final void shape(int mr, int nr, int aRowStride, int aDepthStride, int bDepthStride, int bColStride, int rows,
            int cols, int depth) {
        this.mr = mr;
        this.nr = nr;
        this.aRowStride = aRowStride;
        this.aDepthStride = aDepthStride;
        this.bDepthStride = bDepthStride;
        this.bColStride = bColStride;
        this.rows = rows;
        this.cols = cols;
        this.depth = depth;
    }

    /**
     * Whether computing {@code C^T = B^T A^T} (a {@code cols x rows} output) pads less than {@code C = A B}: by a
     * quarter or more of the padded tiles, as for the 10 columns of a classifier's output against a panel of 32. The
     * padded work is the rows rounded up to tiles of {@code mr} times the columns rounded up to panels of {@code nr}.
     */
    static boolean narrowerTransposed(int rows, int cols, int mr, int nr) {
        long direct = (long) roundUp(rows, mr) * roundUp(cols, nr);
        long transposed = (long) roundUp(cols, mr) * roundUp(rows, nr);
        return 4 * transposed <= 3 * direct;
    }

    private static int roundUp(int count, int unit) {
        return (count + unit - 1) / unit * unit;
    }

    /** Runs the whole product on up to {@code threads} threads, the calling one included. */
    final void runOn(int threads, Gemm.Context context) {
        long work = (long) rows * cols * depth;
        int panels = (cols + nr - 1) / nr;
        int rowTiles = (rows + mr - 1) / mr;
        parts = 1;
        byPanels = true;
        if (threads > 1 && work >= Gemm.PARALLEL_WORK) {
            if (panels >= 2 * threads || panels >= rowTiles) {
                parts = Math.min(threads, panels);
            } else {
                byPanels = false;
                parts = Math.min(threads, rowTiles);
            }
        }
        if (parts == 1 || !WorkerPool.shared().run(this, parts, context)) {
            parts = 1;
            byPanels = true;
            run(0, context);
        }
    }

    @Override
    public final void run(int part, Gemm.Context context) {
        int panels = (cols + nr - 1) / nr;
        if (byPanels) {
            compute(context, split(panels, part), split(panels, part + 1), 0, rows);
        } else {
            int tiles = (rows + mr - 1) / mr;
            compute(context, 0, panels, split(tiles, part) * mr, Math.min(rows, split(tiles, part + 1) * mr));
        }
    }

    /** Computes the panels {@code [panelStart, panelEnd)} of rows {@code [rowStart, rowEnd)}. */
    abstract void compute(Gemm.Context context, int panelStart, int panelEnd, int rowStart, int rowEnd);

    private int split(int count, int part) {
        return (int) ((long) count * part / parts);
    }
}
