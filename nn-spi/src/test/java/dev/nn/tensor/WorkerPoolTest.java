package dev.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class WorkerPoolTest {
    @Test
    void anOutOfMemoryErrorInAWorkerIsThrownToTheCallerAndThePoolGoesOn() {
        WorkerPool pool = new WorkerPool();
        OutOfMemoryError error = new OutOfMemoryError("Java heap space");

        OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class, () -> pool.run((part, context) -> {
            if (part == 1) {
                throw error;
            }
        }, 2, new Gemm.Context()));

        assertSame(error, thrown);
        AtomicInteger parts = new AtomicInteger();
        assertTrue(pool.run((part, context) -> parts.incrementAndGet(), 2, new Gemm.Context()));
        assertEquals(2, parts.get());
    }
}
