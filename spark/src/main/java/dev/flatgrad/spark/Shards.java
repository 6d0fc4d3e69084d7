package dev.flatgrad.spark;

import dev.flatgrad.examples.microgpt.Trainer;

/**
 * How a step's batch of documents is split across partitions: along the single-process trainer's micro-batches of
 * {@value Trainer#MICRO_BATCH} documents, each partition taking a contiguous run of them (as even as can be), so each
 * micro-batch's gradient is the one the trainer computes and only the grouping of the sum differs.
 */
final class Shards {
    private Shards() {
    }

    /** Documents [{@code first}, {@code first + count}) of a step's batch. */
    record Shard(int first, int count) {
    }

    /** The micro-batches of a batch: the most partitions that can share its work. */
    static int microBatches(int batch) {
        return (batch + Trainer.MICRO_BATCH - 1) / Trainer.MICRO_BATCH;
    }

    /** Documents packed into one program run, as the single-process trainer packs them. */
    static int documentsPerRun(int batch) {
        return Math.min(batch, Trainer.MICRO_BATCH);
    }

    /** Partition {@code partition}'s share of a batch split {@code partitions} ways. */
    static Shard of(int batch, int partitions, int partition) {
        int micro = microBatches(batch);
        if (partitions < 1 || partitions > micro) {
            throw new IllegalArgumentException(partitions + " partitions cannot share a batch of " + batch
                    + " documents: it has " + micro + " micro-batch" + (micro == 1 ? "" : "es") + " of up to "
                    + Trainer.MICRO_BATCH + " documents, and every partition needs one");
        }
        if (partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException("partition " + partition + " is outside 0.." + (partitions - 1));
        }
        int from = (int) ((long) partition * micro / partitions) * Trainer.MICRO_BATCH;
        int to = Math.min(batch, (int) ((long) (partition + 1) * micro / partitions) * Trainer.MICRO_BATCH);
        return new Shard(from, to - from);
    }
}
