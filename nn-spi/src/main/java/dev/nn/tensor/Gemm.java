package dev.nn.tensor;

import java.util.Arrays;

/**
 * The blocked matrix product behind {@link MatrixProducts}: {@code C (rows x cols) = A B} where
 * {@code A(i, p) = a[i aRowStride + p aDepthStride]} and {@code B(p, j) = b[p bDepthStride + j bColStride]}, so each of
 * the three products of a dense layer is this one routine with different strides and no transpose is materialised.
 *
 * <p>The depth is cut into blocks of {@link #DEPTH_BLOCK} and the rows into blocks of about {@link #ROW_BLOCK}; each
 * row block of {@code A} is packed into slivers of {@link MicroKernel#mr()} rows (L2), then {@code B} one panel of
 * {@code nr} columns at a time into a contiguous buffer that stays in the L1 cache, and the micro-kernel sweeps the
 * slivers over it, so it reads both operands sequentially whatever their layout. A row-major {@code A} ({@code X} in
 * {@code X W^T}, {@code dZ} in {@code dZ W}: {@code aDepthStride == 1}) is not packed: the kernel reads its
 * {@code mr} rows where they are ({@link MicroKernel#tileInPlace}), each of them sequentially, which saves packing
 * it once per thread and depth block (10 to 20% of a product of a 64- or 128-row batch, 2 to 4% of the larger ones)
 * when the thread sweeps few panels over it ({@link #IN_PLACE_PANELS}). Where it costs less
 * ({@link ProductJob#transposedCheaper}), {@code C^T = B^T A^T} is computed instead and each thread transposes its
 * part into {@code C}: a narrow output (10 classes) pads fewer columns, and a small batch's {@code X W^T}, computed
 * as {@code W X^T}, packs the batch instead of every weight.
 * Part tiles (the last rows and columns) are zero-padded in the packs and written through a small tile buffer; a few
 * leftover rows go one by one.
 *
 * <p>Determinism: every output element is one chain of fused multiply-adds over the depth in increasing order,
 * carried through {@code C} between depth blocks (storing and reloading a double is exact). Which thread computes an
 * element, and in which tile, changes nothing in that chain, so results are bit-identical for any number of threads
 * and on every run; the scalar and vector kernels agree bit for bit as well. Large products are split over panels of
 * columns (or, for narrow outputs, over tiles of rows) between the calling thread and the workers of
 * {@link WorkerPool}.
 *
 * <p>Nothing is allocated per call once a thread has made its first product of a given panel width: pack and tile
 * buffers live in a per-thread {@link Context}.
 */
final class Gemm {
    /** Depth per packed block: a panel of {@code DEPTH_BLOCK x nr} doubles (32 KiB at nr = 32) fits the L1 cache. */
    static final int DEPTH_BLOCK = 128;
    /**
     * Rows of {@code A} packed at a time: a block of {@code ROW_BLOCK x DEPTH_BLOCK} doubles (256 KiB) stays in the L2
     * cache while every panel of {@code B} sweeps over it.
     */
    static final int ROW_BLOCK = 256;
    /**
     * A row-major {@code A} is read in place by a thread that sweeps at most this many panels over it, and packed for
     * more. Reading in place saves packing it but makes the kernel a few percent slower, and a thread re-reads the
     * packed block for each of its panels: measured on 512-bit vectors, one thread, in place was 3 to 9% faster in
     * float32 up to 16 panels (1024 columns), and in float64 2 to 4% faster at 16 panels and 3 to 7% slower at 25
     * and 32.
     */
    static final int IN_PLACE_PANELS = 16;
    /** Depth steps of a row-adjacent {@code A} packed together (see {@link #packA}). */
    static final int A_DEPTH_STEPS = 8;
    /** At or below this many multiply-adds a plain loop is faster than packing. */
    static final long SMALL_WORK = 4_096;
    /**
     * From this many multiply-adds on, a product is shared between threads: about 4 us of work for one core of the
     * vector kernel, several times what handing a part to a spinning worker costs.
     */
    static final long PARALLEL_WORK = 1L << 17;

    /** Each thread's buffers and job, for both engines. */
    static final ThreadLocal<Context> CONTEXTS = ThreadLocal.withInitial(Context::new);

    private final MicroKernel kernel;
    private final int threads;
    private final int mr;
    private final int nr;

    Gemm(MicroKernel kernel, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.kernel = kernel;
        this.threads = threads;
        this.mr = kernel.mr();
        this.nr = kernel.nr();
    }

    MicroKernel kernel() {
        return kernel;
    }

    int threads() {
        return threads;
    }

    /** Computes {@code c = A B} (see the class comment); {@code c} is {@code rows x cols}, row-major, overwritten. */
    void product(double[] a, int aRowStride, int aDepthStride, double[] b, int bDepthStride, int bColStride,
            double[] c, int rows, int cols, int depth) {
        product(a, aRowStride, aDepthStride, b, bDepthStride, bColStride, null, c, rows, cols, depth);
    }

    /**
     * {@link #product} with {@code B}'s panels already packed by {@link #packAllB} from this same {@code B}, or
     * {@code null}: each part copies its panels from {@code packedB} instead of packing them from {@code b}
     * (for every row block of every part). The panels are the same values in the same places, so the bits are too.
     * A product that computes {@code C^T = B^T A^T} or is small reads {@code b} itself.
     */
    void product(double[] a, int aRowStride, int aDepthStride, double[] b, int bDepthStride, int bColStride,
            double[] packedB, double[] c, int rows, int cols, int depth) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (depth == 0) {
            Arrays.fill(c, 0, rows * cols, 0.0);
            return;
        }
        long work = (long) rows * cols * depth;
        if (work <= SMALL_WORK) {
            small(a, aRowStride, aDepthStride, b, bDepthStride, bColStride, c, rows, cols, depth);
            return;
        }
        Context context = CONTEXTS.get();
        Job job = context.job;
        if (packsB(rows, cols, depth, aDepthStride, bDepthStride)) {
            job.set(this, a, aRowStride, aDepthStride, b, bDepthStride, bColStride, c, rows, cols, depth);
            job.packedB = packedB;
            try {
                job.runOn(threads, context);
            } finally {
                job.clear();
            }
            return;
        }
        // C^T = B^T A^T (see ProductJob.transposedCheaper): a narrow output (a 10-class layer's X W^T) pads fewer
        // columns, and W X^T packs a small batch instead of all the weights. Each element is the same fma chain,
        // fma(b, a, s) being fma(a, b, s), so the bits are the same. Each part transposes what it computed into c.
        double[] transposed = context.transposed(rows * cols);
        job.set(this, b, bColStride, bDepthStride, a, aDepthStride, aRowStride, transposed, cols, rows, depth);
        job.transposeTo = c;
        try {
            job.runOn(threads, context);
        } finally {
            job.clear();
        }
    }

    /**
     * The unblocked product for tiny shapes (a network like the document's, 3-4-2-3, does nothing else): the same
     * fma chain per element, without packing, in the loop order that reads both operands contiguously where the
     * layout allows.
     */
    private static void small(double[] a, int aRowStride, int aDepthStride, double[] b, int bDepthStride,
            int bColStride, double[] c, int rows, int cols, int depth) {
        if (aDepthStride == 1 && bDepthStride == 1) {
            // X W^T: each element is a dot product of two contiguous rows.
            for (int i = 0, ci = 0; i < rows; i++) {
                int aRow = i * aRowStride;
                for (int j = 0, bRow = 0; j < cols; j++, ci++, bRow += bColStride) {
                    double s = 0.0;
                    for (int p = 0; p < depth; p++) {
                        s = Math.fma(a[aRow + p], b[bRow + p], s);
                    }
                    c[ci] = s;
                }
            }
        } else if (bColStride == 1) {
            // dZ^T X and dZ W: rows of C accumulate rows of B, p in increasing order (the same chain per element).
            for (int i = 0, cRow = 0; i < rows; i++, cRow += cols) {
                int ai = i * aRowStride;
                double x = a[ai];
                for (int j = 0; j < cols; j++) {
                    c[cRow + j] = Math.fma(x, b[j], 0.0);
                }
                for (int p = 1, bRow = bDepthStride; p < depth; p++, bRow += bDepthStride) {
                    x = a[ai + p * aDepthStride];
                    for (int j = 0; j < cols; j++) {
                        c[cRow + j] = Math.fma(x, b[bRow + j], c[cRow + j]);
                    }
                }
            }
        } else {
            for (int i = 0, ci = 0; i < rows; i++) {
                int aRow = i * aRowStride;
                for (int j = 0; j < cols; j++, ci++) {
                    double s = 0.0;
                    for (int p = 0, ap = aRow, bp = j * bColStride; p < depth;
                            p++, ap += aDepthStride, bp += bDepthStride) {
                        s = Math.fma(a[ap], b[bp], s);
                    }
                    c[ci] = s;
                }
            }
        }
    }

    /** Computes the panels {@code [panelStart, panelEnd)} of rows {@code [rowStart, rowEnd)}. */
    private void compute(Job job, Context context, int panelStart, int panelEnd, int rowStart, int rowEnd) {
        if (rowEnd <= rowStart || panelEnd <= panelStart) {
            return;
        }
        double[] panel = context.panel(DEPTH_BLOCK * nr);
        double[] tile = context.tile(mr * nr);
        double[] c = job.c;
        int cols = job.cols;
        double[] a = job.a;
        int aRowStride = job.aRowStride;
        // A row-major A is read in place when a thread sweeps few enough panels over it (see IN_PLACE_PANELS).
        boolean inPlace = job.aDepthStride == 1 && panelEnd - panelStart <= IN_PLACE_PANELS;
        int rowBlocks = (rowEnd - rowStart + ROW_BLOCK - 1) / ROW_BLOCK;
        int tilesPerBlock = ((rowEnd - rowStart + rowBlocks - 1) / rowBlocks + mr - 1) / mr;
        double[] slivers = context.slivers(tilesPerBlock * mr * DEPTH_BLOCK);
        for (int p0 = 0; p0 < job.depth; p0 += DEPTH_BLOCK) {
            int depth = Math.min(DEPTH_BLOCK, job.depth - p0);
            boolean accumulate = p0 > 0;
            for (int i0 = rowStart; i0 < rowEnd; i0 += tilesPerBlock * mr) {
                int blockEnd = Math.min(rowEnd, i0 + tilesPerBlock * mr);
                // A row-major A (X in X W^T, dZ in dZ W) is read where it is; only a last sliver of fewer than mr
                // rows that the full tile computes on zero-padded rows is packed, at the start of the slivers.
                int partRows = (blockEnd - i0) % mr;
                int lastTile = blockEnd - partRows;
                if (!inPlace) {
                    packA(job, p0, depth, i0, blockEnd, slivers);
                } else if (partRows != 0 && 2 * partRows >= mr) {
                    packA(job, p0, depth, lastTile, blockEnd, slivers);
                }
                for (int q = panelStart; q < panelEnd; q++) {
                    int j0 = q * nr;
                    int width = Math.min(nr, cols - j0);
                    if (job.packedB != null) {
                        System.arraycopy(job.packedB, packedPanelAt(q, p0, job.depth), panel, 0, depth * nr);
                    } else {
                        packB(job, p0, depth, j0, width, panel, 0);
                    }
                    for (int i = i0, sliver = 0; i < blockEnd; i += mr, sliver += mr * depth) {
                        int height = Math.min(mr, blockEnd - i);
                        int aAt = i * aRowStride + p0;
                        int packed = inPlace ? 0 : sliver;
                        if (height == mr && width == nr) {
                            if (inPlace) {
                                kernel.tileInPlace(a, aAt, aRowStride, panel, depth, c, i * cols + j0, cols, accumulate);
                            } else {
                                kernel.tile(slivers, sliver, panel, depth, c, i * cols + j0, cols, accumulate);
                            }
                        } else if (2 * height >= mr) {
                            // A part tile: the full tile on zero-padded rows and columns, through the tile buffer.
                            if (accumulate) {
                                for (int r = 0; r < height; r++) {
                                    System.arraycopy(c, (i + r) * cols + j0, tile, r * nr, width);
                                }
                            }
                            if (inPlace && height == mr) {
                                kernel.tileInPlace(a, aAt, aRowStride, panel, depth, tile, 0, nr, accumulate);
                            } else {
                                kernel.tile(slivers, packed, panel, depth, tile, 0, nr, accumulate);
                            }
                            for (int r = 0; r < height; r++) {
                                System.arraycopy(tile, r * nr, c, (i + r) * cols + j0, width);
                            }
                        } else {
                            // Few rows: one at a time, which wastes no work on padding.
                            for (int r = 0; r < height; r++) {
                                if (accumulate) {
                                    System.arraycopy(c, (i + r) * cols + j0, tile, 0, width);
                                }
                                if (inPlace) {
                                    kernel.row(a, aAt + r * aRowStride, 1, panel, depth, tile, 0, accumulate);
                                } else {
                                    kernel.row(slivers, sliver + r, mr, panel, depth, tile, 0, accumulate);
                                }
                                System.arraycopy(tile, 0, c, (i + r) * cols + j0, width);
                            }
                        }
                    }
                }
            }
        }
        if (job.transposeTo != null) {
            transposeInto(c, cols, rowStart, rowEnd, panelStart * nr, Math.min(cols, panelEnd * nr), job.transposeTo,
                    job.rows);
        }
    }

    /**
     * Writes rows {@code [r0, r1)} x columns {@code [c0, c1)} of {@code from} (row-major, {@code cols} wide)
     * transposed into {@code to} ({@code rows} wide): {@code to[j rows + i] = from[i cols + j]}, in squares of 16 x 16
     * so that the lines read and written stay in the cache.
     */
    private static void transposeInto(double[] from, int cols, int r0, int r1, int c0, int c1, double[] to, int rows) {
        for (int i0 = r0; i0 < r1; i0 += 16) {
            int ie = Math.min(r1, i0 + 16);
            for (int j0 = c0; j0 < c1; j0 += 16) {
                int je = Math.min(c1, j0 + 16);
                for (int j = j0; j < je; j++) {
                    for (int i = i0, src = i0 * cols + j, dst = j * rows + i0; i < ie; i++, src += cols, dst++) {
                        to[dst] = from[src];
                    }
                }
            }
        }
    }

    /**
     * Packs {@code A(i0 .. rowEnd, p0 .. p0 + depth)} into slivers of {@code mr} rows, each {@code depth x mr} in depth
     * order ({@code slivers[t mr depth + p mr + r] = A(i0 + t mr + r, p0 + p)}), the last one zero-padded to
     * {@code mr} rows: the micro-kernel then reads {@code A} sequentially whatever its layout.
     */
    private void packA(Job job, int p0, int depth, int i0, int rowEnd, double[] slivers) {
        double[] a = job.a;
        int aRowStride = job.aRowStride;
        int aDepthStride = job.aDepthStride;
        if (aRowStride == 1) {
            // dZ^T X: the block's rows are adjacent in memory at each depth step, and the depth steps are a whole
            // row of dZ apart (8 KiB for 1024 units), so they fall in the same few L1 sets. Eight depth steps at a
            // time, across every sliver, keep their eight lines in the cache until all their values are packed.
            for (int pc = 0; pc < depth; pc += A_DEPTH_STEPS) {
                int pe = Math.min(depth, pc + A_DEPTH_STEPS);
                for (int i = i0, dst = 0; i < rowEnd; i += mr, dst += mr * depth) {
                    int height = Math.min(mr, rowEnd - i);
                    for (int p = pc, src = (p0 + pc) * aDepthStride + i, at = dst + pc * mr; p < pe;
                            p++, src += aDepthStride, at += mr) {
                        for (int r = 0; r < height; r++) {
                            slivers[at + r] = a[src + r];
                        }
                        for (int r = height; r < mr; r++) {
                            slivers[at + r] = 0.0;
                        }
                    }
                }
            }
            return;
        }
        for (int i = i0, dst = 0; i < rowEnd; i += mr, dst += mr * depth) {
            int height = Math.min(mr, rowEnd - i);
            for (int r = 0; r < height; r++) {
                for (int p = 0, src = (i + r) * aRowStride + p0 * aDepthStride, at = dst + r; p < depth;
                        p++, src += aDepthStride, at += mr) {
                    slivers[at] = a[src];
                }
            }
            for (int r = height; r < mr; r++) {
                for (int p = 0, at = dst + r; p < depth; p++, at += mr) {
                    slivers[at] = 0.0;
                }
            }
        }
    }

    /**
     * Whether {@link #product} of this shape and layout computes {@code C = A B} blocked, packing {@code B}'s panels
     * (so a packing by {@link #packAllB} serves it), rather than the small product or {@code C^T = B^T A^T}.
     */
    boolean packsB(int rows, int cols, int depth, int aDepthStride, int bDepthStride) {
        return (long) rows * cols * depth > SMALL_WORK && !ProductJob.transposedCheaper(rows, cols, depth, mr, nr,
                aDepthStride, bDepthStride, ProductJob.FLOAT64_MOVED_COST);
    }

    /**
     * Packs all of {@code B} ({@code depth x cols}) as {@link #compute} packs it, every panel of {@code nr}
     * columns and every depth block, for products that pass it to {@link #product} while {@code B} stays the same:
     * the block of panel {@code q} at depth {@code p0} starts at {@link #packedPanelAt}. Reuses {@code reuse}
     * when it has the right length.
     */
    double[] packAllB(double[] b, int bDepthStride, int bColStride, int cols, int depth, double[] reuse) {
        int panels = (cols + nr - 1) / nr;
        int size = Math.multiplyExact(Math.multiplyExact(panels, depth), nr);
        double[] packed = reuse != null && reuse.length == size ? reuse : new double[size];
        Job job = new Job();
        job.set(this, null, 0, 0, b, bDepthStride, bColStride, null, 0, cols, depth);
        for (int q = 0; q < panels; q++) {
            int j0 = q * nr;
            int width = Math.min(nr, cols - j0);
            for (int p0 = 0; p0 < depth; p0 += DEPTH_BLOCK) {
                packB(job, p0, Math.min(DEPTH_BLOCK, depth - p0), j0, width, packed,
                        packedPanelAt(q, p0, depth));
            }
        }
        return packed;
    }

    /** Where {@link #packAllB} puts panel {@code q}'s block at depth {@code p0}, of a {@code depth} deep B. */
    private int packedPanelAt(int q, int p0, int depth) {
        return (q * depth + p0) * nr;
    }

    /**
     * Packs {@code B(p0 .. p0 + depth, j0 .. j0 + width)} into {@code panel[base + p * nr + j]}, zero-padded to nr.
     */
    private void packB(Job job, int p0, int depth, int j0, int width, double[] panel, int base) {
        double[] b = job.b;
        int bDepthStride = job.bDepthStride;
        int bColStride = job.bColStride;
        if (bColStride == 1) {
            for (int p = 0, src = p0 * bDepthStride + j0, dst = base; p < depth; p++, src += bDepthStride, dst += nr) {
                System.arraycopy(b, src, panel, dst, width);
            }
        } else {
            // X W^T: B's columns are W's rows. Eight at a time, so each depth step writes a whole cache line of the
            // panel while reading eight rows of W sequentially.
            int j = 0;
            for (; j + 8 <= width; j += 8) {
                int s0 = p0 * bDepthStride + (j0 + j) * bColStride;
                int s1 = s0 + bColStride;
                int s2 = s1 + bColStride;
                int s3 = s2 + bColStride;
                int s4 = s3 + bColStride;
                int s5 = s4 + bColStride;
                int s6 = s5 + bColStride;
                int s7 = s6 + bColStride;
                for (int p = 0, at = 0, dst = base + j; p < depth; p++, at += bDepthStride, dst += nr) {
                    panel[dst] = b[s0 + at];
                    panel[dst + 1] = b[s1 + at];
                    panel[dst + 2] = b[s2 + at];
                    panel[dst + 3] = b[s3 + at];
                    panel[dst + 4] = b[s4 + at];
                    panel[dst + 5] = b[s5 + at];
                    panel[dst + 6] = b[s6 + at];
                    panel[dst + 7] = b[s7 + at];
                }
            }
            for (; j < width; j++) {
                for (int p = 0, src = p0 * bDepthStride + (j0 + j) * bColStride, dst = base + j; p < depth;
                        p++, src += bDepthStride, dst += nr) {
                    panel[dst] = b[src];
                }
            }
        }
        if (width < nr) {
            for (int p = 0, dst = base + width; p < depth; p++, dst += nr) {
                Arrays.fill(panel, dst, dst + nr - width, 0.0);
            }
        }
    }

    /** One product's operands, reused by the calling thread for every product it makes. */
    static final class Job extends ProductJob {
        Gemm gemm;
        double[] a;
        double[] b;
        double[] c;
        /** Where each part writes its block of {@code c} transposed, or {@code null}: see {@code product}. */
        double[] transposeTo;
        /** {@code B}'s panels packed by {@link #packAllB}, or {@code null} to pack them from {@code b}. */
        double[] packedB;

        void set(Gemm gemm, double[] a, int aRowStride, int aDepthStride, double[] b, int bDepthStride,
                int bColStride, double[] c, int rows, int cols, int depth) {
            shape(gemm.mr, gemm.nr, ROW_BLOCK, aRowStride, aDepthStride, bDepthStride, bColStride, rows, cols, depth);
            this.gemm = gemm;
            this.a = a;
            this.b = b;
            this.c = c;
        }

        void clear() {
            gemm = null;
            a = null;
            b = null;
            c = null;
            transposeTo = null;
            packedB = null;
        }

        @Override
        void compute(Context context, int panelStart, int panelEnd, int rowStart, int rowEnd) {
            gemm.compute(this, context, panelStart, panelEnd, rowStart, rowEnd);
        }
    }

    /** A thread's reusable buffers, for float64 and float32 products and large elementwise loops. */
    static final class Context {
        final Job job = new Job();
        final FloatGemm.Job floatJob = new FloatGemm.Job();
        final Elementwise.Parts elementwise = new Elementwise.Parts();
        private double[] panel = new double[0];
        private double[] tile = new double[0];
        private double[] slivers = new double[0];
        private double[] transposed = new double[0];
        private float[] floatPanel = new float[0];
        private float[] floatTile = new float[0];
        private float[] floatSlivers = new float[0];
        private float[] floatTransposed = new float[0];

        double[] panel(int size) {
            if (panel.length < size) {
                panel = new double[size];
            }
            return panel;
        }

        double[] slivers(int size) {
            if (slivers.length < size) {
                slivers = new double[size];
            }
            return slivers;
        }

        double[] tile(int size) {
            if (tile.length < size) {
                tile = new double[size];
            }
            return tile;
        }

        double[] transposed(int size) {
            if (transposed.length < size) {
                transposed = new double[size];
            }
            return transposed;
        }

        float[] floatTransposed(int size) {
            if (floatTransposed.length < size) {
                floatTransposed = new float[size];
            }
            return floatTransposed;
        }

        float[] floatPanel(int size) {
            if (floatPanel.length < size) {
                floatPanel = new float[size];
            }
            return floatPanel;
        }

        float[] floatSlivers(int size) {
            if (floatSlivers.length < size) {
                floatSlivers = new float[size];
            }
            return floatSlivers;
        }

        float[] floatTile(int size) {
            if (floatTile.length < size) {
                floatTile = new float[size];
            }
            return floatTile;
        }
    }
}
