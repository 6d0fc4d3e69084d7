package dev.flatgrad.spark;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The compiled programs of one JVM (an executor, or the driver in local mode), kept for its whole life: a task
 * borrows a {@link ShardWorker} for its run's {@link ProgramKey} and gives it back when done, so a JVM builds one
 * worker per task it runs at once (its cores), not one per task. Building another worker of a key does not compile
 * again: the Janino compiler caches classes by their source.
 */
final class ExecutorPrograms {
    private static final Map<ProgramKey, Queue<ShardWorker>> IDLE = new ConcurrentHashMap<>();
    private static final AtomicInteger BUILT = new AtomicInteger();

    private ExecutorPrograms() {
    }

    /** An idle worker of {@code key}, or a new one. */
    static ShardWorker borrow(ProgramKey key) {
        ShardWorker idle = IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).poll();
        if (idle != null) {
            return idle;
        }
        BUILT.incrementAndGet();
        return new ShardWorker(key);
    }

    /** Returns a worker for the next task; its params and state are overwritten by whoever borrows it. */
    static void giveBack(ShardWorker worker) {
        IDLE.get(worker.key()).add(worker);
    }

    /** Workers built in this JVM so far. */
    static int built() {
        return BUILT.get();
    }
}
