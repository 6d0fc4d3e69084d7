package dev.flatgrad.codegen.runtime;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.emission.BufferRole;
import java.util.ArrayList;
import java.util.List;

/**
 * Data-parallel training on one machine. A step's batch is split into micro-batches; each is computed (forward and
 * backward) by a replica of one compiled program on a thread of its own, with buffers of its own and the primary
 * program's params. Their gradients are summed in micro-batch order into the primary, which holds the params and
 * the optimizer state and applies the update.
 *
 * <p>The micro-batches, not the threads, fix the order of every sum (the gradient of micro-batch 0, plus that of
 * micro-batch 1, plus ...), so results are bit-identical whatever the number of threads. With N threads the
 * micro-batches run in rounds of N; after each round the threads sum a slice of every gradient each. A step
 * allocates nothing and takes no lock: the threads meet at a spinning barrier.
 *
 * <p>Not thread-safe itself: one caller drives it, and takes part as thread 0.
 */
public final class DataParallelProgram implements AutoCloseable {
    /** Binds micro-batch {@code microBatch}'s inputs into a replica; called on that replica's thread. */
    @FunctionalInterface
    public interface Feeder {
        void feed(Program replica, int replicaIndex, int microBatch);
    }

    private enum Phase { COMPUTE, REDUCE, REDUCE_AND_UPDATE, STOP }

    private final Program primary;
    private final Program[] replicas;
    private final String loss;
    /** Per trained param: the primary's gradient array (the sum), its size, and each replica's gradient array. */
    private final Object[] sums;
    private final int[] sizes;
    private final Object[][] gradients;
    private final StepBarrier barrier;
    private final Thread[] workers;
    private final double[] losses;
    private final Throwable[] failures;
    private volatile Phase phase;
    private int microBatches;
    private int round;
    private Feeder feeder;

    private DataParallelProgram(Program primary, int threads) {
        this.primary = primary;
        this.replicas = new Program[threads];
        for (int i = 0; i < threads; i++) {
            replicas[i] = primary.replica();
        }
        ProgramSpec spec = primary.spec();
        if (spec.loss() == null) {
            throw new IllegalArgumentException("data-parallel training needs a program with a loss to minimize");
        }
        this.loss = spec.loss().name() != null ? spec.loss().name() : "loss";
        List<String> trained = primary.names(BufferRole.GRADIENT);
        this.sums = new Object[trained.size()];
        this.sizes = new int[trained.size()];
        this.gradients = new Object[threads][trained.size()];
        for (int p = 0; p < trained.size(); p++) {
            sums[p] = primary.array(BufferRole.GRADIENT, trained.get(p));
            sizes[p] = primary.size(BufferRole.GRADIENT, trained.get(p));
            for (int r = 0; r < threads; r++) {
                gradients[r][p] = replicas[r].array(BufferRole.GRADIENT, trained.get(p));
            }
        }
        this.barrier = new StepBarrier(threads);
        this.losses = new double[threads];
        this.failures = new Throwable[threads];
        barrier.register(0, Thread.currentThread());
        this.workers = new Thread[threads];
        for (int w = 1; w < threads; w++) {
            int index = w;
            workers[w] = new Thread(() -> work(index), "flatgrad-worker-" + w);
            workers[w].setDaemon(true);
            barrier.register(w, workers[w]);
            workers[w].start();
        }
    }

    /** Compiles the spec once and makes {@code threads} replicas of it beside the primary. */
    public static DataParallelProgram compile(ProgramSpec spec, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return new DataParallelProgram(Flatgrad.compile(spec), threads);
    }

    /** The program holding the params, the optimizer state and, after a step, the summed gradients. */
    public Program primary() {
        return primary;
    }

    public int threads() {
        return replicas.length;
    }

    /**
     * Forward and backward over {@code microBatches} micro-batches, their inputs bound by {@code feeder}: leaves the
     * gradients summed in micro-batch order in the primary and returns the losses summed in the same order.
     */
    public double forwardBackward(int microBatches, Feeder feeder) {
        return run(microBatches, feeder, Double.NaN);
    }

    /**
     * {@link #forwardBackward} then the optimizer update of the primary's params with learning rate {@code lr}: each
     * thread updates the slice of every param whose gradient it has just summed.
     */
    public double step(int microBatches, Feeder feeder, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
        double total = run(microBatches, feeder, lr);
        primary.endUpdate();
        return total;
    }

    /** The rounds of a step; with a learning rate (not NaN), the last round's threads also update their chunks. */
    private double run(int microBatches, Feeder feeder, double lr) {
        if (microBatches < 1) {
            throw new IllegalArgumentException("a step needs at least one micro-batch, got " + microBatches);
        }
        Thread caller = Thread.currentThread();
        barrier.register(0, caller);
        this.microBatches = microBatches;
        this.feeder = feeder;
        double total = 0;
        int threads = replicas.length;
        for (round = 0; round * threads < microBatches; round++) {
            phase(Phase.COMPUTE);
            for (int w = 0; w < inRound(); w++) {
                total += losses[w];
            }
            boolean update = (round + 1) * threads >= microBatches && !Double.isNaN(lr);
            if (update) {
                primary.beginUpdate(lr);
            }
            phase(update ? Phase.REDUCE_AND_UPDATE : Phase.REDUCE);
        }
        this.feeder = null;
        return total;
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        if (phase == Phase.STOP) {
            return;
        }
        phase = Phase.STOP;
        barrier.await();
        for (int w = 1; w < workers.length; w++) {
            try {
                workers[w].join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One phase on every thread, the caller being thread 0; a failure on any thread is rethrown here. */
    private void phase(Phase next) {
        if (phase == Phase.STOP) {
            throw new IllegalStateException("this data-parallel program was closed");
        }
        phase = next;
        barrier.await();
        perform(0);
        barrier.await();
        for (int w = 0; w < failures.length; w++) {
            Throwable t = failures[w];
            if (t != null) {
                failures[w] = null;
                if (t instanceof RuntimeException r) {
                    throw r;
                }
                if (t instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(t);
            }
        }
    }

    private void work(int index) {
        while (true) {
            barrier.await();
            if (phase == Phase.STOP) {
                return;
            }
            perform(index);
            barrier.await();
        }
    }

    private void perform(int w) {
        try {
            if (phase == Phase.COMPUTE) {
                compute(w);
            } else {
                reduce(w);
                if (phase == Phase.REDUCE_AND_UPDATE) {
                    primary.updatePart(w, replicas.length);
                }
            }
        } catch (Throwable t) {
            failures[w] = t;
        }
    }

    private int inRound() {
        return Math.min(replicas.length, microBatches - round * replicas.length);
    }

    private void compute(int w) {
        if (w >= inRound()) {
            return;
        }
        Program replica = replicas[w];
        feeder.feed(replica, w, round * replicas.length + w);
        replica.forward();
        replica.backward();
        losses[w] = replica.scalar(loss);
    }

    /** This thread's chunk of every gradient: the running sum plus this round's gradients, in micro-batch order. */
    private void reduce(int w) {
        int count = inRound();
        int threads = replicas.length;
        for (int p = 0; p < sums.length; p++) {
            // the update's chunks: a thread then updates exactly the elements whose sums it made
            int from = GeneratedProgram.chunkStart(sizes[p], w, threads);
            int to = GeneratedProgram.chunkEnd(sizes[p], w, threads);
            for (int r = 0; r < count; r++) {
                boolean first = round == 0 && r == 0;
                if (sums[p] instanceof double[] sum) {
                    add(sum, (double[]) gradients[r][p], from, to, first);
                } else {
                    add((float[]) sums[p], (float[]) gradients[r][p], from, to, first);
                }
            }
        }
    }

    private static void add(double[] sum, double[] g, int from, int to, boolean first) {
        if (first) {
            System.arraycopy(g, from, sum, from, to - from);
            return;
        }
        for (int i = from; i < to; i++) {
            sum[i] += g[i];
        }
    }

    private static void add(float[] sum, float[] g, int from, int to, boolean first) {
        if (first) {
            System.arraycopy(g, from, sum, from, to - from);
            return;
        }
        for (int i = from; i < to; i++) {
            sum[i] += g[i];
        }
    }

    /** The replicas, for tests and inspection. */
    List<Program> replicas() {
        return new ArrayList<>(List.of(replicas));
    }
}
