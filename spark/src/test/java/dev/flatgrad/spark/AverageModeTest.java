package dev.flatgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.flatgrad.examples.microgpt.TrainOptions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Parameter averaging: local steps on each partition's share, then params and Adam moments averaged. */
class AverageModeTest {
    private static final TrainOptions OPTIONS = Runs.options(6, 24);

    @Test
    void onePartitionIsTheSingleProcessRun() {
        Runs.Outcome reference = Runs.singleProcessRun(OPTIONS);
        Runs.Outcome averaged = Runs.sparkRun(OPTIONS, SparkTrainOptions.average(1, 4));
        assertArrayEquals(reference.losses(), averaged.losses());
        assertArrayEquals(reference.params(), averaged.params());
    }

    @Test
    void partitionsTrainApartBetweenAverages() {
        Runs.Outcome sync = Runs.sparkRun(OPTIONS, SparkTrainOptions.sync(3));
        Runs.Outcome averaged = Runs.sparkRun(OPTIONS, SparkTrainOptions.average(3, 2));
        // the first step starts from the same params everywhere: the shares' mean losses, weighted, are the batch's
        assertEquals(sync.losses()[0], averaged.losses()[0], 1e-12);
        // then each partition has taken an Adam step of its own: averaging them is not one step of the sum
        assertFalse(Arrays.equals(sync.params(), averaged.params()), "averaged params equal the synchronous ones");
        assertArrayEquals(averaged.losses(), Runs.sparkRun(OPTIONS, SparkTrainOptions.average(3, 2)).losses(),
                "two runs of the same settings differ");
    }
}
