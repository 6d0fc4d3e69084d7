package dev.flatgrad.codegen.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable barrier for a fixed set of threads that meet several times per training step: no allocation and no
 * lock. The last thread to arrive opens the next generation; the others spin briefly (a step's phases are
 * microseconds apart) and then park until it does.
 */
final class StepBarrier {
    private static final int SPINS = 20_000;

    private final int parties;
    private final Thread[] threads;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int generation;

    StepBarrier(int parties) {
        this.parties = parties;
        this.threads = new Thread[parties];
    }

    /** Records the thread of party {@code index}, so that it can be woken when parked. */
    void register(int index, Thread thread) {
        threads[index] = thread;
    }

    /** Waits until all parties have arrived. */
    void await() {
        int current = generation;
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);
            generation = current + 1;
            for (Thread t : threads) {
                if (t != null && t != Thread.currentThread()) {
                    LockSupport.unpark(t);
                }
            }
            return;
        }
        for (int spin = 0; generation == current; spin++) {
            if (spin < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }
}
