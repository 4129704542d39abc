package dev.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class KernelWarmUpTest {
    @Test
    void warmsUpBothTypesAndStopsWhenClosed() throws InterruptedException {
        for (DataType type : DataType.values()) {
            KernelWarmUp warmUp = KernelWarmUp.start(type);
            while (warmUp.rounds() < 3) {
                Thread.onSpinWait();
            }
            warmUp.close();
            warmUp.join();
            assertTrue(warmUp.rounds() >= 3, type + ": " + warmUp.rounds() + " rounds");
        }
    }

    @Test
    void aProductMadeWhileTheKernelsWarmUpHasTheSameBits() throws InterruptedException {
        Tensor a = Tensor.zeros(70, 300, DataType.FLOAT32);
        Tensor b = Tensor.zeros(90, 300, DataType.FLOAT32);
        for (int i = 0; i < a.size(); i++) {
            a.setFlat(i, Math.sin(i * 0.37));
        }
        for (int i = 0; i < b.size(); i++) {
            b.setFlat(i, Math.cos(i * 0.11));
        }
        Tensor alone = Tensor.zeros(70, 90, DataType.FLOAT32);
        MatrixProducts.multiplyTransposedB(a, b, alone);
        KernelWarmUp warmUp = KernelWarmUp.start(DataType.FLOAT32);
        Tensor during = Tensor.zeros(70, 90, DataType.FLOAT32);
        for (int i = 0; i < 20; i++) {
            MatrixProducts.multiplyTransposedB(a, b, during);
            assertArrayEquals(alone.floatData(), during.floatData());
        }
        warmUp.close();
        warmUp.join();
    }
}
