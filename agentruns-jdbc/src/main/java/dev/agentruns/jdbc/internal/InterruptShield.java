package dev.agentruns.jdbc.internal;

import dev.agentruns.StorageException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs units of work on threads of its own while the caller waits for each without being
 * interruptible; the caller's interrupt flag is kept for it. Threads are started as calls need them
 * and stop after a minute without work.
 *
 * <p>The hand-off avoids the scheduler where it can: a thread that has just finished a unit of work
 * keeps looking for the next one for a few tens of microseconds before it parks, and a caller looks
 * for its result before it parks, as long as recent units of work took (at least those tens of
 * microseconds, at most a millisecond), while fewer callers look than there are processors. Waking a
 * parked thread costs tens of microseconds on a virtual machine, as much as a whole write on an
 * embedded database; a caller that works in a loop never pays it. Both wait by yielding, so waiting
 * takes no processor another thread wants, and not at all on a single processor. Thread-safe.
 */
final class InterruptShield implements AutoCloseable {
    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();
    private static final long WAIT_BEFORE_PARKING_NANOS = PROCESSORS > 1 ? TimeUnit.MICROSECONDS.toNanos(50) : 0;
    private static final long LONGEST_CALLER_WAIT_NANOS = PROCESSORS > 1 ? TimeUnit.MILLISECONDS.toNanos(1) : 0;
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String threadName;
    private final ConcurrentLinkedQueue<Task<?>> queue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<Thread> parked = new ConcurrentLinkedDeque<>();
    private final AtomicInteger looking = new AtomicInteger();
    private final AtomicInteger callersLooking = new AtomicInteger();
    /** A moving average of how long units of work took; racy updates lose a sample now and then. */
    private volatile long recentWorkNanos;
    private volatile boolean closed;

    InterruptShield(String threadName) {
        this.threadName = threadName;
    }

    /**
     * Runs {@code work} on a thread of this shield and returns its result, or throws what it threw.
     *
     * @throws StorageException if the shield is closed, or no thread could be started for the work
     */
    <T> T run(Supplier<T> work) {
        if (closed) {
            throw closedException();
        }
        Task<T> task = new Task<>(work);
        queue.add(task);
        if (looking.get() == 0) {
            try {
                wakeOrStartThread();
            } catch (OutOfMemoryError | RuntimeException e) {
                if (queue.remove(task)) {
                    throw new StorageException("cannot start a thread to run the call on: " + e, e);
                }
            }
        }
        if (closed && queue.remove(task)) {
            throw closedException();
        }
        callersLooking.incrementAndGet();
        try {
            task.lookFor(callerWait());
        } finally {
            callersLooking.decrementAndGet();
        }
        return task.await();
    }

    /**
     * How long a caller looks for its result before it parks: about as long as recent units of work
     * took, while another processor is free for each caller looking.
     */
    private long callerWait() {
        if (callersLooking.get() > PROCESSORS - 1) {
            return WAIT_BEFORE_PARKING_NANOS;
        }
        return Math.max(WAIT_BEFORE_PARKING_NANOS, Math.min(LONGEST_CALLER_WAIT_NANOS, recentWorkNanos * 3 / 2));
    }

    /** Lets the threads stop once the work already handed to them is done; later calls fail. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : parked) {
            LockSupport.unpark(t);
        }
    }

    private static StorageException closedException() {
        return new StorageException("the repository is closed");
    }

    private void wakeOrStartThread() {
        Thread idle = parked.pollFirst();
        if (idle != null) {
            LockSupport.unpark(idle);
            return;
        }
        Thread thread = new Thread(this::work, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A thread's loop. Every task added while {@link #looking} counts this thread is found by its
     * next poll; once it is in {@link #parked}, a caller that sees nobody looking unparks it, and it
     * polls again before parking. So no task waits for a thread that does not come.
     */
    private void work() {
        Thread self = Thread.currentThread();
        while (true) {
            Task<?> task = queue.poll();
            if (task == null) {
                looking.incrementAndGet();
                task = pollFor(WAIT_BEFORE_PARKING_NANOS);
                looking.decrementAndGet();
            }
            if (task == null) {
                parked.addFirst(self);
                task = queue.poll();
                if (task == null) {
                    if (closed) {
                        parked.remove(self);
                        if (queue.isEmpty()) {
                            return;
                        }
                        continue;
                    }
                    long start = System.nanoTime();
                    LockSupport.parkNanos(this, KEEP_ALIVE_NANOS);
                    Thread.interrupted();
                    boolean unwoken = parked.remove(self);
                    if (unwoken && System.nanoTime() - start >= KEEP_ALIVE_NANOS && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                parked.remove(self);
            }
            long start = System.nanoTime();
            task.run();
            long took = System.nanoTime() - start;
            recentWorkNanos += (took - recentWorkNanos) / 8;
        }
    }

    private Task<?> pollFor(long nanos) {
        long deadline = System.nanoTime() + nanos;
        Task<?> task;
        while ((task = queue.poll()) == null && System.nanoTime() - deadline < 0) {
            Thread.yield();
        }
        return task;
    }

    /** A unit of work and, once {@link #done}, its result or failure. */
    private static final class Task<T> {
        private final Supplier<T> work;
        private T result;
        private Throwable failure;
        private volatile boolean done;
        private volatile Thread waiter;

        Task(Supplier<T> work) {
            this.work = work;
        }

        void run() {
            try {
                result = work.get();
            } catch (Throwable t) {
                failure = t;
            }
            done = true;
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }

        /** Looks for the result for up to {@code nanos}, yielding. */
        void lookFor(long nanos) {
            long deadline = System.nanoTime() + nanos;
            while (!done && System.nanoTime() - deadline < 0) {
                Thread.yield();
            }
        }

        /** The result, once the work is done (parking until then), or what the work threw. */
        T await() {
            if (!done) {
                parkUntilDone();
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new StorageException("unexpected failure: " + failure, failure);
            }
            return result;
        }

        private void parkUntilDone() {
            waiter = Thread.currentThread();
            boolean interrupted = false;
            while (!done) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
