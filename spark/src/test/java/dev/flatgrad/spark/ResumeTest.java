package dev.flatgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.examples.microgpt.Checkpoint;
import dev.flatgrad.examples.microgpt.CheckpointFile;
import dev.flatgrad.examples.microgpt.TrainOptions;
import dev.flatgrad.examples.microgpt.Trainer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints written by the driver (microgpt's format, atomic and checksummed): a run stopped, saved and resumed
 * reproduces the straight run bit for bit, in both modes; a single-process checkpoint resumes on Spark.
 */
class ResumeTest {
    private static final TrainOptions OPTIONS = Runs.options(6, 24);

    @TempDir
    Path dir;

    @Test
    void aSyncRunResumedFromItsCheckpointIsTheStraightRun() {
        assertResumedEqualsStraight(SparkTrainOptions.sync(2), 3);
    }

    @Test
    void anAveragingRunResumedBetweenRoundsIsTheStraightRun() {
        assertResumedEqualsStraight(SparkTrainOptions.average(2, 2), 4);
    }

    @Test
    void aSingleProcessCheckpointResumesOnSpark() {
        Runs.Outcome straight = Runs.singleProcessRun(OPTIONS);
        Path file = dir.resolve("single.ckpt");
        try (Trainer trainer = Runs.singleProcess(OPTIONS)) {
            for (int s = 0; s < 2; s++) {
                trainer.trainStep();
            }
            CheckpointFile.write(file, trainer.checkpoint());
        }
        try (SparkTrainer resumed = resume(file, SparkTrainOptions.sync(1))) {
            double[] losses = Runs.trainTo(resumed, OPTIONS.steps());
            assertArrayEquals(java.util.Arrays.copyOfRange(straight.losses(), 2, OPTIONS.steps()), losses);
            assertArrayEquals(straight.params(), Runs.params(resumed.trainer()));
        }
    }

    private void assertResumedEqualsStraight(SparkTrainOptions spark, int stopAt) {
        Checkpoint straight;
        double[] straightLosses;
        try (SparkTrainer trainer = Runs.spark(OPTIONS, spark)) {
            straightLosses = Runs.trainTo(trainer, OPTIONS.steps());
            straight = trainer.trainer().checkpoint();
        }
        Path file = dir.resolve(spark.mode() + ".ckpt");
        double[] losses = new double[OPTIONS.steps()];
        try (SparkTrainer first = Runs.spark(OPTIONS, spark)) {
            System.arraycopy(Runs.trainTo(first, stopAt), 0, losses, 0, stopAt);
            CheckpointFile.write(file, first.trainer().checkpoint());
        }
        try (SparkTrainer resumed = resume(file, spark)) {
            assertEquals(stopAt, resumed.trainer().step());
            System.arraycopy(Runs.trainTo(resumed, OPTIONS.steps()), 0, losses, stopAt, OPTIONS.steps() - stopAt);
            assertArrayEquals(straightLosses, losses, spark.mode() + ": losses");
            assertEquals(straight, resumed.trainer().checkpoint(), spark.mode() + ": params, moments, RNG and step");
        }
    }

    private static SparkTrainer resume(Path file, SparkTrainOptions spark) {
        return SparkTrainer.resume(SharedSpark.context(), file, CheckpointFile.read(file), Runs.NAMES, "names", false, spark);
    }
}
