package dev.nn.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A few daemon threads that share the parts of one product (or one large elementwise loop) at a time with the
 * calling thread, handing work over without allocating.
 *
 * <p>The caller publishes the task and its number of parts, wakes the workers and starts on the parts itself; every
 * thread, the caller included, claims the next part not yet taken until none is left, so a worker that wakes late
 * (a parked thread takes 30 to 130 us to wake on a busy virtual machine, and one descheduled by the host several
 * milliseconds) takes fewer parts instead of holding up the product: the caller computes what nobody has started.
 * A product may be cut into more parts than threads for this ({@link ProductJob}), where that costs no more
 * packing. Which thread computes a part changes nothing in it, so results are the same whoever runs what.
 *
 * <p>An idle worker and a waiting caller spin for {@link #SPIN_NANOS} before parking, yielding the core every
 * {@link #YIELD_EVERY_NANOS} to any other thread that wants it (the JIT compilers early in a run): a training step
 * makes its products tens to hundreds of microseconds apart, and a wake from parking costs more than that on a
 * virtual machine. Measured on a 2-core VM whose wake-ups had become slow, spinning 2 ms instead of 50 us took 20
 * to 40% off the float32 W2 and W3 steps (separate processes, alternating); claiming and spinning together, 5 to 9%
 * off W3 side by side in one JVM (docs/performance.md). One product at a time
 * uses the pool; a caller that finds it busy computes alone, which gives the same result.
 */
final class WorkerPool {
    /** A part-indexed piece of work. */
    interface Task {
        void run(int part, Gemm.Context context);
    }

    /** How long an idle thread spins before it parks. */
    static final long SPIN_NANOS = 2_000_000;
    /** How often a spinning thread offers its core to other threads ({@link Thread#yield()}). */
    static final long YIELD_EVERY_NANOS = 50_000;
    /** The most parts one task may have: they are counted in 16 bits of {@link #claims}. */
    static final int MAX_PARTS = 1 << 14;

    private static final WorkerPool SHARED = new WorkerPool();

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Worker> workers = new ArrayList<>();
    /**
     * The task being shared, as {@code generation << 32 | parts << 16 | next part to claim}: claimed by
     * {@code getAndIncrement}, so a claim past the last part (or of a later task's part, which its task's own
     * fields then describe) needs no compare-and-set loop.
     */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    /** The current task; written before {@link #claims} publishes it, rewritten only once all its parts are done. */
    private volatile Task task;
    private volatile Thread waiter;
    private volatile Throwable failure;
    private int generation;
    /** The caller's spinning: one caller at a time holds the pool. */
    private final Spin callerSpin = new Spin();

    static WorkerPool shared() {
        return SHARED;
    }

    /**
     * Runs parts {@code 0 .. parts - 1} of {@code task} on the calling thread and up to {@code threads - 1}
     * workers.
     *
     * @return {@code false}, having run nothing, when another task holds the pool
     */
    boolean run(Task task, int parts, int threads, Gemm.Context callerContext) {
        if (parts < 1 || parts > MAX_PARTS) {
            throw new IllegalArgumentException("parts must be 1 to " + MAX_PARTS + ", got " + parts);
        }
        if (!lock.tryLock()) {
            return false;
        }
        try {
            int helpers = Math.min(threads, parts) - 1;
            while (workers.size() < helpers) {
                Worker worker = new Worker(this, workers.size() + 1);
                workers.add(worker);
                worker.start();
            }
            failure = null;
            finished.set(0);
            this.task = task;
            generation++;
            claims.set(((long) generation << 32) | ((long) parts << 16));
            for (int i = 0; i < helpers; i++) {
                LockSupport.unpark(workers.get(i));
            }
            runParts(callerContext);
            awaitFinished(parts);
            Throwable failed = failure;
            if (failed != null) {
                failure = null;
                if (failed instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (failed instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("a kernel worker failed", failed);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Claims and runs parts of the published task until none is left; after a part has failed, the rest are
     * claimed and counted without being run. Returns the generation of the last claim.
     */
    private int runParts(Gemm.Context context) {
        while (true) {
            long claim = claims.getAndIncrement();
            int part = (int) (claim & 0xFFFF);
            int parts = (int) ((claim >>> 16) & 0xFFFF);
            if (part >= parts) {
                return (int) (claim >>> 32);
            }
            if (failure == null) {
                try {
                    task.run(part, context);
                } catch (Throwable t) {
                    failure = t;
                }
            }
            if (finished.incrementAndGet() == parts) {
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }
    }

    private void awaitFinished(int parts) {
        callerSpin.start();
        while (finished.get() != parts) {
            if (!callerSpin.next()) {
                waiter = Thread.currentThread();
                while (finished.get() != parts) {
                    LockSupport.park(this);
                }
                waiter = null;
                return;
            }
        }
    }

    /** One thread's spinning before it parks: {@link #SPIN_NANOS} long, yielding every {@link #YIELD_EVERY_NANOS}. */
    private static final class Spin {
        private long start;
        private long nextYield;

        void start() {
            start = System.nanoTime();
            nextYield = YIELD_EVERY_NANOS;
        }

        /** Spins once more and returns {@code true}, or returns {@code false} once the time to spin is over. */
        boolean next() {
            long spent = System.nanoTime() - start;
            if (spent > SPIN_NANOS) {
                return false;
            }
            if (spent > nextYield) {
                nextYield = spent + YIELD_EVERY_NANOS;
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
            return true;
        }
    }

    private int publishedGeneration() {
        return (int) (claims.get() >>> 32);
    }

    private static final class Worker extends Thread {
        private final WorkerPool pool;
        private final Gemm.Context context = new Gemm.Context();
        private final Spin spin = new Spin();

        Worker(WorkerPool pool, int index) {
            super("nn-kernel-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            int seen = 0;
            while (true) {
                awaitGenerationAfter(seen);
                seen = pool.runParts(context);
            }
        }

        /** Spins, then parks, until a task later than generation {@code seen} is published. */
        private void awaitGenerationAfter(int seen) {
            spin.start();
            while (pool.publishedGeneration() == seen) {
                if (!spin.next()) {
                    while (pool.publishedGeneration() == seen) {
                        LockSupport.park(this);
                    }
                    return;
                }
            }
        }
    }
}
