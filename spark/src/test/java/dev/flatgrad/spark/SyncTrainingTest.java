package dev.flatgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.examples.microgpt.GptConfig;
import dev.flatgrad.examples.microgpt.TrainOptions;
import org.junit.jupiter.api.Test;

/**
 * Synchronous data parallelism on a real local Spark: after several steps the params equal those of the
 * single-process trainer with the same global batch, to 1e-12 for any number of partitions (bit for bit with one:
 * the same micro-batches summed in the same order).
 */
class SyncTrainingTest {
    private static final int STEPS = 5;
    private static final TrainOptions OPTIONS = Runs.options(STEPS, 24);

    @Test
    void lossesAndParamsEqualTheSingleProcessRunForOneToThreePartitions() {
        Runs.Outcome reference = Runs.singleProcessRun(OPTIONS);
        Runs.Outcome one = Runs.sparkRun(OPTIONS, SparkTrainOptions.sync(1));
        assertArrayEquals(reference.losses(), one.losses(), "1 partition: losses");
        assertArrayEquals(reference.params(), one.params(), "1 partition: params");
        for (int partitions = 2; partitions <= 3; partitions++) {
            Runs.Outcome run = Runs.sparkRun(OPTIONS, SparkTrainOptions.sync(partitions));
            assertArrayEquals(reference.losses(), run.losses(), 1e-12, partitions + " partitions: losses");
            assertArrayEquals(reference.params(), run.params(), 1e-12, partitions + " partitions: params");
        }
    }

    @Test
    void paramsSentAsABroadcastGiveTheSameRun() {
        Runs.Outcome closure = Runs.sparkRun(OPTIONS, SparkTrainOptions.sync(2));
        Runs.Outcome broadcast = Runs.sparkRun(OPTIONS, SparkTrainOptions.sync(2).withTransport(Transport.BROADCAST));
        assertArrayEquals(closure.losses(), broadcast.losses());
        assertArrayEquals(closure.params(), broadcast.params());
    }

    @Test
    void executorsReuseTheirProgramsAcrossTasksAndSteps() {
        // a model no other test uses, so its workers are built here: at most one per task slot (local[2])
        TrainOptions options = Runs.options(4, 32);
        try (SparkTrainer trainer = SparkTrainer.start(SharedSpark.context(), new GptConfig(2, 4, 1, 1, 8), options,
                Runs.NAMES, SparkTrainOptions.sync(4))) {
            int before = ExecutorPrograms.built();
            Runs.trainTo(trainer, 4);
            int built = ExecutorPrograms.built() - before;
            assertTrue(built >= 1 && built <= 2, "16 tasks on 2 task threads built " + built + " workers");
        }
    }
}
