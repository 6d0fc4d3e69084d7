package dev.flatgrad.spark;

import dev.flatgrad.codegen.runtime.DataParallelProgram;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.examples.microgpt.Batch;
import dev.flatgrad.examples.microgpt.Gpt;
import dev.flatgrad.examples.microgpt.Trainer;

/**
 * One task's compute on an executor: a compiled microgpt program that runs a shard of a step's documents as the
 * single-process {@link Trainer} runs its batch (packed micro-batches of up to {@value Trainer#MICRO_BATCH}
 * documents, gradients summed in micro-batch order). Kept in {@link ExecutorPrograms} between tasks; used by one
 * task at a time.
 */
final class ShardWorker {
    private final ProgramKey key;
    private final DataParallelProgram parallel;
    private final Batch batch;
    private final ParamLayout layout;
    private int[][] shard = new int[0][];
    private int shardSize;
    private int weightDocuments;

    ShardWorker(ProgramKey key) {
        this.key = key;
        Gpt gpt = new Gpt(key.config(), key.documentsPerRun());
        // the trainer's program: the same graph, optimizer and class name give the same source and the same class
        ProgramSpec spec = ProgramSpec.builder(gpt.graph()).className("MicroGpt")
                .minimize(gpt.loss(), gpt.params())
                .optimizer(Optimizer.adam(Trainer.BETA1, Trainer.BETA2, Trainer.EPS))
                .precision(key.precision()).numerics(key.numerics()).build();
        this.parallel = DataParallelProgram.compile(spec, 1); // Spark runs one task per core: one thread each
        this.batch = new Batch(key.config().blockSize(), key.documentsPerRun());
        this.layout = ParamLayout.of(parallel.primary());
    }

    ProgramKey key() {
        return key;
    }

    ParamLayout layout() {
        return layout;
    }

    /** The program holding the params, the optimizer state and, after a pass, the shard's summed gradients. */
    Program program() {
        return parallel.primary();
    }

    /**
     * Forward and backward over documents {@code shard} of step {@code step}'s batch of {@code batchSize}, each
     * weighted as one of the whole batch: leaves the shard's part of the batch gradient in {@link #program()} and
     * returns its part of the batch loss.
     */
    double gradient(int[][] encoded, int step, int batchSize, Shards.Shard shard) {
        select(encoded, step, batchSize, shard, batchSize);
        return parallel.forwardBackward(microBatches(), this::feed);
    }

    /**
     * A local step: forward and backward over the shard as a batch of its own (the mean over its documents), then
     * the optimizer update with learning rate {@code lr}; returns the shard's mean loss.
     */
    double step(int[][] encoded, int step, int batchSize, Shards.Shard shard, double lr) {
        select(encoded, step, batchSize, shard, shard.count());
        return parallel.step(microBatches(), this::feed, lr);
    }

    /** The shard's documents in order: step {@code s} trains on documents {@code (s·B + d) mod N}, as the trainer. */
    private void select(int[][] encoded, int step, int batchSize, Shards.Shard shard, int weightDocuments) {
        if (this.shard.length < shard.count()) {
            this.shard = new int[shard.count()][];
        }
        for (int d = 0; d < shard.count(); d++) {
            this.shard[d] = encoded[(int) (((long) step * batchSize + shard.first() + d) % encoded.length)];
        }
        this.shardSize = shard.count();
        this.weightDocuments = weightDocuments;
    }

    private int microBatches() {
        return (shardSize + key.documentsPerRun() - 1) / key.documentsPerRun();
    }

    private void feed(Program replica, int replicaIndex, int microBatch) {
        int from = microBatch * key.documentsPerRun();
        int count = Math.min(key.documentsPerRun(), shardSize - from);
        batch.feedPacked(replica, shard, from, count, weightDocuments);
    }
}
