package dev.flatgrad.spark;

import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.examples.microgpt.EmbeddedNames;
import dev.flatgrad.examples.microgpt.GptConfig;
import dev.flatgrad.examples.microgpt.ProgramOptions;
import dev.flatgrad.examples.microgpt.TrainOptions;
import dev.flatgrad.examples.microgpt.Trainer;
import java.util.List;

/** Small microgpt runs for the tests: the single-process trainer and the Spark trainer on the same settings. */
final class Runs {
    /** n_embd 8, one layer, two heads, block 8: compiles and steps fast. */
    static final GptConfig SHAPE = new GptConfig(2, 8, 1, 2, 8);
    static final List<String> NAMES = EmbeddedNames.documents().documents();

    private Runs() {
    }

    /** What a run ends with: each step's loss and the params, flat. */
    record Outcome(double[] losses, double[] params) {
    }

    /** {@code batch} documents per step (24: three micro-batches), f64, exact. */
    static TrainOptions options(int steps, int batch) {
        return new TrainOptions(steps, 0.01, batch, 42, DType.F64, Numerics.EXACT);
    }

    static Trainer singleProcess(TrainOptions options) {
        return Trainer.start(SHAPE, options, NAMES, new ProgramOptions(null, null, false, 1));
    }

    /** The single-process trainer's run of all the options' steps. */
    static Outcome singleProcessRun(TrainOptions options) {
        try (Trainer trainer = singleProcess(options)) {
            double[] losses = new double[options.steps()];
            for (int s = 0; s < losses.length; s++) {
                losses[s] = trainer.trainStep();
            }
            return new Outcome(losses, params(trainer));
        }
    }

    static SparkTrainer spark(TrainOptions options, SparkTrainOptions spark) {
        return SparkTrainer.start(SharedSpark.context(), SHAPE, options, NAMES, spark);
    }

    /** The Spark trainer's run of all the options' steps. */
    static Outcome sparkRun(TrainOptions options, SparkTrainOptions spark) {
        try (SparkTrainer trainer = spark(options, spark)) {
            return new Outcome(trainTo(trainer, options.steps()), params(trainer.trainer()));
        }
    }

    /** Trains up to step {@code stop} and returns the losses of the steps trained. */
    static double[] trainTo(SparkTrainer trainer, int stop) {
        double[] losses = new double[stop - trainer.trainer().step()];
        int first = trainer.trainer().step();
        while (trainer.trainer().step() < stop) {
            Round round = trainer.train(stop);
            if (round.diverged()) {
                throw new AssertionError(round.divergence());
            }
            System.arraycopy(round.losses(), 0, losses, round.firstStep() - first, round.losses().length);
        }
        return losses;
    }

    static double[] params(Trainer trainer) {
        return ParamLayout.of(trainer.program()).params(trainer.program());
    }
}
