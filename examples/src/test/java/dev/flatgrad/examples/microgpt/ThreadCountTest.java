package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.codegen.emission.BufferRole;
import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * microgpt trained on batches of 24 documents (three micro-batches) gives bit-identical losses and params after
 * several steps on 1, 2 and 3 threads, in exact and fast numerics.
 */
class ThreadCountTest {
    private static final int STEPS = 6;

    @Test
    void paramsAreBitIdenticalForOneTwoAndThreeThreads() {
        for (Numerics numerics : Numerics.values()) {
            Run reference = train(1, numerics);
            for (int threads = 2; threads <= 3; threads++) {
                Run run = train(threads, numerics);
                assertArrayEquals(reference.losses, run.losses, numerics + ", " + threads + " threads: losses");
                for (int p = 0; p < reference.params.size(); p++) {
                    assertArrayEquals(reference.params.get(p), run.params.get(p), numerics + ", " + threads + " threads");
                }
            }
        }
    }

    private record Run(double[] losses, List<double[]> params) {
    }

    private static Run train(int threads, Numerics numerics) {
        TrainOptions options = new TrainOptions(100, 0.01, 24, 42, DType.F32, numerics);
        try (Trainer trainer = Trainer.start(new GptConfig(2, 16, 1, 4, 16), options,
                EmbeddedNames.documents().documents(), new ProgramOptions(null, null, false, threads))) {
            double[] losses = new double[STEPS];
            for (int s = 0; s < STEPS; s++) {
                losses[s] = trainer.trainStep();
            }
            List<double[]> params = trainer.program().names(BufferRole.PARAM).stream()
                    .map(name -> trainer.program().param(name)).toList();
            assertEquals(9, params.size());
            return new Run(losses, params);
        }
    }
}
