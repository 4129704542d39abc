package dev.nn.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A few daemon threads that take parts of one product at a time, handing work over without allocating: the caller
 * writes the task into each worker, runs part 0 itself and waits for the rest.
 *
 * <p>Workers spin briefly after each part (a training step makes its products a few microseconds apart) and then
 * park. One product at a time uses the pool; a caller that finds it busy computes alone, which gives the same
 * result.
 */
final class WorkerPool {
    /** A part-indexed piece of work. */
    interface Task {
        void run(int part, Gemm.Context context);
    }

    private static final long SPIN_NANOS = 50_000;
    private static final WorkerPool SHARED = new WorkerPool();

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Worker> workers = new ArrayList<>();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread waiter;
    private volatile Throwable failure;

    static WorkerPool shared() {
        return SHARED;
    }

    /**
     * Runs parts {@code 0 .. parts - 1} of {@code task}, part 0 on the calling thread.
     *
     * @return {@code false}, having run nothing, when another product holds the pool
     */
    boolean run(Task task, int parts, Gemm.Context callerContext) {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            while (workers.size() < parts - 1) {
                Worker worker = new Worker(this, workers.size() + 1);
                workers.add(worker);
                worker.start();
            }
            failure = null;
            pending.set(parts - 1);
            for (int part = 1; part < parts; part++) {
                workers.get(part - 1).submit(task, part);
            }
            try {
                task.run(0, callerContext);
            } finally {
                awaitWorkers();
            }
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

    private void awaitWorkers() {
        long start = System.nanoTime();
        while (pending.get() != 0) {
            if (System.nanoTime() - start > SPIN_NANOS) {
                waiter = Thread.currentThread();
                while (pending.get() != 0) {
                    LockSupport.park(this);
                }
                waiter = null;
                return;
            }
            Thread.onSpinWait();
        }
    }

    private void partDone(Throwable thrown) {
        if (thrown != null) {
            failure = thrown;
        }
        if (pending.decrementAndGet() == 0) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    private static final class Worker extends Thread {
        private final WorkerPool pool;
        private final Gemm.Context context = new Gemm.Context();
        private volatile Task task;
        private int part;

        Worker(WorkerPool pool, int index) {
            super("nn-kernel-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        void submit(Task work, int index) {
            part = index;
            task = work;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                Task work = awaitTask();
                Throwable thrown = null;
                try {
                    work.run(part, context);
                } catch (Throwable t) {
                    thrown = t;
                }
                task = null;
                pool.partDone(thrown);
            }
        }

        private Task awaitTask() {
            long start = System.nanoTime();
            Task work;
            while ((work = task) == null) {
                if (System.nanoTime() - start > SPIN_NANOS) {
                    while ((work = task) == null) {
                        LockSupport.park(this);
                    }
                    return work;
                }
                Thread.onSpinWait();
            }
            return work;
        }
    }
}
