package dev.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which form the engines compute a product in: {@code C = A B}, or {@code C^T = B^T A^T} transposed into {@code C}.
 * The shapes are the benchmark networks' forward products ({@code X W^T}: rows = batch, cols = units, depth = inputs)
 * with the machine-independent tiles of 512-bit vectors (4 x 64 floats, 4 x 32 doubles) and of AVX2 (6 x 16 floats).
 * That both forms give the same bits is {@link KernelAgreementTest}'s and {@link KernelDeterminismTest}'s concern.
 */
final class ProductJobTest {
    private static final long FLOAT_MOVED = ProductJob.FLOAT32_MOVED_COST;
    private static final long DOUBLE_MOVED = ProductJob.FLOAT64_MOVED_COST;

    @Test
    void aSmallBatchForwardProductIsComputedAsWTimesXTransposed() {
        // 64 rows into a 784-256 layer: packing the batch and moving the output is a third of packing the weights.
        assertTrue(ProductJob.transposedCheaper(64, 256, 784, 4, 64, 1, 1, FLOAT_MOVED));
        assertTrue(ProductJob.transposedCheaper(64, 256, 784, 4, 32, 1, 1, DOUBLE_MOVED));
        assertTrue(ProductJob.transposedCheaper(64, 256, 784, 6, 16, 1, 1, FLOAT_MOVED));
    }

    @Test
    void aLargeBatchForwardProductIsComputedDirectly() {
        // W3's 256 rows into 1024 units and W6's 1000 rows into 512: the output to transpose is as large as the
        // weights saved from packing, or larger.
        assertFalse(ProductJob.transposedCheaper(256, 1024, 1024, 4, 64, 1, 1, FLOAT_MOVED));
        assertFalse(ProductJob.transposedCheaper(256, 1024, 1024, 4, 32, 1, 1, DOUBLE_MOVED));
        assertFalse(ProductJob.transposedCheaper(1000, 512, 784, 4, 64, 1, 1, FLOAT_MOVED));
        assertFalse(ProductJob.transposedCheaper(1000, 512, 784, 6, 16, 1, 1, FLOAT_MOVED));
    }

    @Test
    void aBatchThatWouldPadAWholePanelIsComputedDirectly() {
        // 16 rows in 512-bit float panels of 64 columns: the transposed form computes four times the tiles.
        assertFalse(ProductJob.transposedCheaper(16, 512, 784, 4, 64, 1, 1, FLOAT_MOVED));
    }

    @Test
    void gradientProductsAreTransposedOnlyForANarrowOutput() {
        // dZ^T X (A's rows adjacent) and dZ W (B's columns adjacent) are not X W^T: only padding decides.
        assertFalse(ProductJob.transposedCheaper(256, 784, 64, 4, 64, 256, 1, FLOAT_MOVED));
        assertFalse(ProductJob.transposedCheaper(64, 784, 256, 4, 64, 1, 784, FLOAT_MOVED));
        assertTrue(ProductJob.transposedCheaper(256, 10, 1024, 4, 64, 1, 1024, FLOAT_MOVED));
    }

    @Test
    void aProductThatReadsItsRowsInPlaceIsCutIntoFourPartsPerThread() {
        // W3's forward X W^T and input gradient dZ W on two threads: 16 panels of 64 floats, A (X, dZ) read where it
        // is, so smaller parts pack nothing more and a late thread leaves them to the other.
        ProductJob forward = job(256, 1024, 1024, 1024, 1, 1, 1024);
        assertEquals(8, forward.partsFor(2));
        assertTrue(forward.byPanels());
        ProductJob inputGradient = job(256, 1024, 1024, 1024, 1, 1024, 1);
        assertEquals(8, inputGradient.partsFor(2));
    }

    @Test
    void aProductThatPacksAllOfAnOperandPerPartIsCutIntoOnePartPerThread() {
        // W3's weight gradient dZ^T X: A (dZ^T) is packed, and each further part would pack all of B (X) again.
        ProductJob weightGradient = job(1024, 1024, 256, 1, 1024, 1024, 1);
        assertEquals(2, weightGradient.partsFor(2));
        assertFalse(weightGradient.byPanels());
    }

    @Test
    void aProductBelowTheParallelWorkOrOnOneThreadIsOnePart() {
        assertEquals(1, job(256, 1024, 1024, 1024, 1, 1, 1024).partsFor(1));
        assertEquals(1, job(4, 64, 64, 64, 1, 1, 64).partsFor(2));
    }

    /** A float32 product on 512-bit tiles (4 x 64) that computes nothing: only its split is asked. */
    private static ProductJob job(int rows, int cols, int depth, int aRowStride, int aDepthStride, int bDepthStride,
            int bColStride) {
        ProductJob job = new ProductJob() {
            @Override
            void compute(Gemm.Context context, int panelStart, int panelEnd, int rowStart, int rowEnd) {
            }
        };
        job.shape(4, 64, FloatGemm.ROW_BLOCK, aRowStride, aDepthStride, bDepthStride, bColStride, rows, cols, depth);
        return job;
    }
}
