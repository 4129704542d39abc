package dev.nn.tensor;

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
}
