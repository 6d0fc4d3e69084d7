package dev.flatgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.examples.microgpt.TrainOptions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A task that fails is retried by Spark ({@code local[2,4]}: up to 4 attempts) and the run is the one without
 * failures: a task reads only what the driver sent and writes nothing but its result.
 */
class TaskRetryTest {
    private static final TrainOptions OPTIONS = Runs.options(4, 24);
    /** Local mode runs tasks in this JVM, so the hook can count here. */
    private static final AtomicInteger FAILED = new AtomicInteger();

    @Test
    void aTaskThatFailsOnceIsRetriedWithTheSameResult() {
        for (SparkTrainOptions spark : new SparkTrainOptions[] {SparkTrainOptions.sync(3), SparkTrainOptions.average(3, 2)}) {
            Runs.Outcome clean = Runs.sparkRun(OPTIONS, spark);
            FAILED.set(0);
            Runs.Outcome retried;
            try (SparkTrainer trainer = Runs.spark(OPTIONS, spark)) {
                trainer.taskHook((partition, attempt) -> {
                    if (partition == 1 && attempt == 0) {
                        FAILED.incrementAndGet();
                        throw new IllegalStateException("a failure injected by the test (partition 1, first attempt)");
                    }
                });
                retried = new Runs.Outcome(Runs.trainTo(trainer, OPTIONS.steps()), Runs.params(trainer.trainer()));
            }
            assertTrue(FAILED.get() >= 1, spark.mode() + ": the hook never failed a task");
            assertArrayEquals(clean.losses(), retried.losses(), spark.mode() + ": losses");
            assertArrayEquals(clean.params(), retried.params(), spark.mode() + ": params");
        }
    }
}
