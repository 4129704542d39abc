package dev.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
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
        }, 2, 2, new Gemm.Context()));

        assertSame(error, thrown);
        AtomicInteger parts = new AtomicInteger();
        assertTrue(pool.run((part, context) -> parts.incrementAndGet(), 2, 2, new Gemm.Context()));
        assertEquals(2, parts.get());
    }

    @Test
    void everyPartRunsExactlyOnceWhenThereAreMorePartsThanThreads() {
        WorkerPool pool = new WorkerPool();
        int parts = 7;
        for (int product = 0; product < 2_000; product++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(parts);

            assertTrue(pool.run((part, context) -> runs.incrementAndGet(part), parts, 2, new Gemm.Context()));

            for (int part = 0; part < parts; part++) {
                assertEquals(1, runs.get(part), "product " + product + ", part " + part);
            }
        }
    }

    @Test
    void theCallerComputesThePartsThatAWorkerHasNotStarted() {
        // The worker holds on to the first part it takes until the caller has computed every other part: a pool
        // that left parts waiting for their worker would never finish (the guard below fails it instead).
        WorkerPool pool = new WorkerPool();
        int parts = 6;
        Thread caller = Thread.currentThread();
        AtomicInteger byCaller = new AtomicInteger();
        ConcurrentHashMap<Integer, String> ranBy = new ConcurrentHashMap<>();
        long guard = System.nanoTime() + 60_000_000_000L;

        assertTrue(pool.run((part, context) -> {
            ranBy.put(part, Thread.currentThread().getName());
            if (Thread.currentThread() == caller) {
                byCaller.incrementAndGet();
                return;
            }
            while (byCaller.get() < parts - 1) {
                if (System.nanoTime() > guard) {
                    throw new AssertionError("the caller left parts to the busy worker");
                }
                Thread.onSpinWait();
            }
        }, parts, 2, new Gemm.Context()));

        assertEquals(parts, ranBy.size());
        assertTrue(byCaller.get() >= parts - 1, "the caller ran " + byCaller.get() + " parts: " + ranBy);
    }
}
