package dev.nn.tensor;

/**
 * One product's shape and how it is split between threads, shared by the float64 engine ({@link Gemm}) and the
 * float32 one ({@link FloatGemm}); each subclass holds its operands and computes a part with {@link #compute}. The
 * calling thread reuses one job of each kind for every product it makes (see {@link Gemm.Context}), so nothing is
 * allocated per product.
 *
 * <p>A product is split only from {@link Gemm#PARALLEL_WORK} multiply-adds on: over panels of {@code nr} columns or
 * over tiles of {@code mr} rows, whichever gives the slowest part less to compute and pack (see {@link #cost}), and
 * into up to {@link #CHUNKS_PER_THREAD} parts per thread where smaller parts pack no more (see {@link #chunks}), which
 * the threads claim as they come free ({@link WorkerPool}). Each part computes whole output elements, so the split
 * never changes a result.
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
    /** Rows of {@code A} packed at a time by the engine ({@link Gemm#ROW_BLOCK} or {@link FloatGemm#ROW_BLOCK}). */
    int rowBlock;
    private int parts;
    private boolean byPanels;

    final void shape(int mr, int nr, int rowBlock, int aRowStride, int aDepthStride, int bDepthStride, int bColStride,
            int rows, int cols, int depth) {
        this.mr = mr;
        this.rowBlock = rowBlock;
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

    /**
     * Whether the engines compute {@code C^T = B^T A^T} and transpose it into {@code C}, rather than {@code C = A B}:
     * when that pads less ({@link #narrowerTransposed}), or, for {@code X W^T} (both operands contiguous along the
     * depth), when it packs less. {@code C = X W^T} reads {@code X} in place and packs all of {@code W^T};
     * {@code C^T = W X^T} reads {@code W} in place, packs {@code X^T} and transposes the output, which is less work
     * when a batch has few rows against the layer's units and inputs (64 rows of a 784-256 layer: 66,560 values
     * packed or moved instead of 200,704). Both count the padded tiles and {@code movedCost} multiply-adds per value
     * moved ({@link #FLOAT32_MOVED_COST}, {@link #FLOAT64_MOVED_COST}), and the transposed form is taken when it
     * costs at least 15% less: below that, measured side by side, it gained nothing on two threads (float32, a
     * batch of 64 into 128 units) or lost up to 14% (float64, 256 rows into 1024 units, where the output to
     * transpose is as large as the weights saved from packing).
     */
    static boolean transposedCheaper(int rows, int cols, int depth, int mr, int nr, int aDepthStride,
            int bDepthStride, long movedCost) {
        if (narrowerTransposed(rows, cols, mr, nr)) {
            return true;
        }
        if (aDepthStride != 1 || bDepthStride != 1) {
            return false;
        }
        long direct = (long) roundUp(rows, mr) * roundUp(cols, nr) * depth + movedCost * ((long) cols * depth);
        long transposed = (long) roundUp(cols, mr) * roundUp(rows, nr) * depth
                + movedCost * ((long) rows * depth + (long) rows * cols);
        return 20 * transposed < 17 * direct;
    }

    private static int roundUp(int count, int unit) {
        return (count + unit - 1) / unit * unit;
    }

    /** Runs the whole product on up to {@code threads} threads, the calling one included. */
    final void runOn(int threads, Gemm.Context context) {
        parts = partsFor(threads);
        if (parts == 1 || !WorkerPool.shared().run(this, parts, threads, context)) {
            parts = 1;
            byPanels = true;
            run(0, context);
        }
    }

    /**
     * How many parts {@link #runOn} cuts this product into for {@code threads} threads, choosing whether by panels or
     * by rows ({@link #byPanels()}): one below {@link Gemm#PARALLEL_WORK}, else one per thread split the way whose
     * slowest part has less to compute and pack ({@link #cost}), cut finer by {@link #chunks} where that is free.
     */
    final int partsFor(int threads) {
        long work = (long) rows * cols * depth;
        int panels = (cols + nr - 1) / nr;
        int rowTiles = (rows + mr - 1) / mr;
        byPanels = true;
        if (threads <= 1 || work < Gemm.PARALLEL_WORK) {
            return 1;
        }
        int byPanelParts = Math.min(threads, panels);
        int byRowParts = Math.min(threads, rowTiles);
        int split;
        if (byRowParts > 1 && (byPanelParts == 1
                || cost(byRowParts, false, panels, rowTiles) < cost(byPanelParts, true, panels, rowTiles))) {
            byPanels = false;
            split = byRowParts;
        } else {
            split = byPanelParts;
        }
        return split > 1 ? chunks(split, panels, rowTiles) : 1;
    }

    /** Whether the last {@link #partsFor} split the product by panels of columns (else by tiles of rows). */
    final boolean byPanels() {
        return byPanels;
    }

    /**
     * The slowest part's work when split into {@code parts} by panels or by rows, in multiply-adds: the padded tiles
     * it computes, plus {@link #PACKED_COST} for each value it packs. Split by panels, every part packs all of
     * {@code A} and its own panels of {@code B} once per row block; split by rows, its own rows of {@code A} and all
     * of {@code B} once per row block of its rows. So a tall product (many rows, few panels) is split by rows, where
     * splitting by panels would make each thread pack the whole of {@code A} and its panels of {@code B} again for
     * every row block.
     */
    private long cost(int parts, boolean panelsSplit, int panels, int rowTiles) {
        long partPanels = panelsSplit ? (panels + parts - 1) / parts : panels;
        long partTiles = panelsSplit ? rowTiles : (rowTiles + parts - 1) / parts;
        long partRows = Math.min(rows, partTiles * mr);
        long partCols = Math.min(cols, partPanels * nr);
        long rowBlocks = (partRows + rowBlock - 1) / rowBlock;
        long computed = partTiles * mr * partPanels * nr * depth;
        long packed = partRows * depth + rowBlocks * depth * partCols;
        return computed + PACKED_COST * packed;
    }

    /** The most parts per thread {@link #chunks} cuts a product into. */
    static final int CHUNKS_PER_THREAD = 4;

    /**
     * How many parts to cut a product split {@code split} ways (a part per thread) into: more than {@code split}, up to
     * {@link #CHUNKS_PER_THREAD} per thread, when that adds at most 1% to the product's packing and computing, so that
     * a thread that starts late (a worker woken late, a core taken by the host) leaves parts to the others instead of
     * holding up the product ({@link WorkerPool}). Split by panels, more parts cost nothing when each reads a row-major
     * {@code A} in place ({@link Gemm#IN_PLACE_PANELS}) and otherwise pack all of {@code A} again each; split by rows,
     * each packs all of {@code B} again.
     */
    private int chunks(int split, int panels, int rowTiles) {
        long base = totalCost(split, panels, rowTiles);
        int chunks = split;
        for (int candidate = 2 * split; candidate <= CHUNKS_PER_THREAD * split
                && candidate <= (byPanels ? panels : rowTiles); candidate += split) {
            if (100 * totalCost(candidate, panels, rowTiles) <= 101 * base) {
                chunks = candidate;
            }
        }
        return chunks;
    }

    /** The work of all {@code parts} parts together, in multiply-adds: the padded tiles and the values packed. */
    private long totalCost(int parts, int panels, int rowTiles) {
        long computed = (long) rowTiles * mr * panels * nr * depth;
        long packed;
        if (byPanels) {
            int widest = (panels + parts - 1) / parts;
            boolean inPlace = aDepthStride == 1 && widest <= Gemm.IN_PLACE_PANELS;
            long rowBlocks = (rows + rowBlock - 1) / rowBlock;
            packed = (inPlace ? 0 : (long) parts * rows * depth) + rowBlocks * depth * cols;
        } else {
            long partRows = Math.min(rows, (long) (rowTiles + parts - 1) / parts * mr);
            long rowBlocks = (partRows + rowBlock - 1) / rowBlock;
            packed = (long) rows * depth + parts * rowBlocks * depth * cols;
        }
        return computed + PACKED_COST * packed;
    }

    /**
     * One packed value's cost in multiply-adds of the tiles: packing moves about one value per 0.4 ns where a tile
     * makes about 100 multiply-adds per ns in float32 and half as many in float64 (measured on 512-bit vectors).
     */
    static final long PACKED_COST = 32;

    /** {@link #transposedCheaper}'s cost of a value moved in float32: one per 0.4 ns, 100 multiply-adds per ns. */
    static final long FLOAT32_MOVED_COST = 40;
    /** The same in float64, whose tiles make half as many multiply-adds per ns. */
    static final long FLOAT64_MOVED_COST = 20;

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
