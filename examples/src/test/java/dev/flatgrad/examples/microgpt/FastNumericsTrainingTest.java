package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import org.junit.jupiter.api.Test;

/**
 * microgpt trained in fast numerics (fused multiply-adds, vector exp and log, another summation order) learns as
 * the exact run does: over the last 300 of 600 steps their mean losses differ by under 1%. Rounding differences
 * can grow step by step, so the comparison is of means, with a margin far above what was measured here (a relative
 * difference of 1e-7 in f32, 1e-15 in f64).
 */
class FastNumericsTrainingTest {
    private static final int STEPS = 600;
    private static final int TAIL = 300;
    private static final double MARGIN = 0.01;

    @Test
    void fastTrainingFollowsTheExactLossCurve() {
        for (DType precision : new DType[] {DType.F64, DType.F32}) {
            double exact = tailMean(precision, Numerics.EXACT);
            double fast = tailMean(precision, Numerics.FAST);
            double difference = Math.abs(fast - exact) / exact;
            System.out.printf("microgpt %s, mean loss of steps %d-%d: exact %.8f, fast %.8f (relative difference %.1e)%n",
                    precision, STEPS - TAIL + 1, STEPS, exact, fast, difference);
            assertTrue(difference < MARGIN, precision + ": exact " + exact + ", fast " + fast);
            assertTrue(exact < 2.7, "the runs learn: " + exact);
        }
    }

    private static double tailMean(DType precision, Numerics numerics) {
        TrainOptions options = new TrainOptions(STEPS, 0.01, 4, 42, precision, numerics);
        try (Trainer trainer = Trainer.start(GptConfig.MICROGPT, options, EmbeddedNames.documents().documents(),
                new ProgramOptions(null, null, false, 1))) {
            double sum = 0;
            for (int step = 0; step < STEPS; step++) {
                double loss = trainer.trainStep();
                if (step >= STEPS - TAIL) {
                    sum += loss;
                }
            }
            return sum / TAIL;
        }
    }
}
