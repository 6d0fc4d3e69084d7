package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.dsl.DType;
import org.junit.jupiter.api.Test;

/**
 * A short f32 microgpt run on the embedded names tracks the f64 run step by step. Both start from the
 * same weights and see the same documents, so they differ only by float rounding, which stays tiny:
 * measured below 3e-7 relative at every one of 300 steps (batch 1 and 4). The bound, 1e-3 per step, leaves a margin
 * of over 1,000 for other machines' math libraries, yet an f32 optimizer bug shows at once: with
 * tiny Adam moments flushed at 1e-3 instead of 1e-30, the first flush (step 64) zeroes live second
 * moments and the loss runs away.
 */
class F32TrainingTest {
    /** Past two flushes of tiny Adam moments (every 64 steps). */
    private static final int STEPS = 150;
    private static final double RELATIVE_BOUND = 1e-3;

    @Test
    void f32LossesStayFiniteAndTrackTheF64Run() {
        double[] f64 = losses(DType.F64);
        double[] f32 = losses(DType.F32);
        double worst = 0;
        for (int step = 0; step < STEPS; step++) {
            double difference = Math.abs(f32[step] - f64[step]) / f64[step];
            int at = step + 1;
            assertTrue(Double.isFinite(f32[step]), () -> "f32 loss at step " + at + " is " + f32[at - 1]);
            assertTrue(difference <= RELATIVE_BOUND, () -> "step " + at + ": f32 loss " + f32[at - 1] + ", f64 loss "
                    + f64[at - 1] + " (relative difference " + difference + ", allowed " + RELATIVE_BOUND + ")");
            worst = Math.max(worst, difference);
        }
        System.out.println("f32 vs f64 microgpt, " + STEPS + " steps: worst relative loss difference " + worst);
    }

    private static double[] losses(DType precision) {
        Trainer trainer = Trainer.start(GptConfig.MICROGPT, new TrainOptions(STEPS, 0.01, 1, 42, precision),
                EmbeddedNames.documents().documents(), ProgramOptions.DEFAULT);
        double[] losses = new double[STEPS];
        for (int step = 0; step < STEPS; step++) {
            losses[step] = trainer.trainStep();
        }
        return losses;
    }
}
