package dev.flatgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShardsTest {
    @Test
    void sharesCoverTheBatchInOrderAlongMicroBatches() {
        for (int batch = 2; batch <= 70; batch++) {
            for (int partitions = 1; partitions <= Shards.microBatches(batch); partitions++) {
                int next = 0;
                for (int p = 0; p < partitions; p++) {
                    Shards.Shard shard = Shards.of(batch, partitions, p);
                    assertEquals(next, shard.first(), "batch " + batch + ", " + partitions + " partitions, partition " + p);
                    assertEquals(0, shard.first() % 8);
                    assertTrue(shard.count() >= 1);
                    next += shard.count();
                }
                assertEquals(batch, next);
            }
        }
    }

    @Test
    void morePartitionsThanMicroBatchesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shards.of(16, 3, 0));
        assertEquals("3 partitions cannot share a batch of 16 documents: it has 2 micro-batches of up to 8 documents,"
                + " and every partition needs one", e.getMessage());
    }
}
