package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.runtime.NonFiniteValueException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Runs a trainer's steps up to a stop step, reporting each loss. With a checkpoint path it saves every
 * {@code checkpointEvery} steps (so a killed run loses at most that many) and when the loop ends. It
 * stops early at the first non-finite loss or param (diverged: nothing is saved, so the last checkpoint
 * keeps finite params), or when the JVM is asked to shut down ({@link GracefulStop}): then it finishes the
 * current step and saves.
 */
final class TrainingLoop {
    enum Ending { COMPLETED, DIVERGED, INTERRUPTED }

    /**
     * What happened: how the loop ended, the steps it covered, the last loss, the wall time of the steps,
     * the step of the last checkpoint saved (-1: none), and what the numerics check found (or null).
     */
    record Outcome(Ending ending, int firstStep, int lastStep, double lastLoss, double seconds, int savedStep,
                   NonFiniteValueException nonFinite) {
        int steps() {
            return lastStep - firstStep;
        }
    }

    private final Trainer trainer;
    private final Path checkpoint;
    private final int checkpointEvery;
    private final PrintStream err;
    private int savedStep = -1;

    /** {@code checkpoint} may be null; {@code checkpointEvery} 0 saves only when the loop ends. */
    TrainingLoop(Trainer trainer, Path checkpoint, int checkpointEvery, PrintStream err) {
        this.trainer = trainer;
        this.checkpoint = checkpoint;
        this.checkpointEvery = checkpointEvery;
        this.err = err;
    }

    /**
     * Trains up to step {@code stop}, or until {@code shutdown} is requested; closes {@code progress} when the
     * steps end, before the final checkpoint.
     */
    Outcome run(int stop, Progress progress, GracefulStop shutdown) {
        int first = trainer.step();
        long start = System.nanoTime();
        double loss = Double.NaN;
        Ending ending = Ending.COMPLETED;
        NonFiniteValueException nonFinite = null;
        while (trainer.step() < stop) {
            try {
                loss = trainer.trainStep();
            } catch (NonFiniteValueException e) {
                nonFinite = e;
                ending = Ending.DIVERGED;
                break;
            }
            progress.step(trainer.step(), trainer.options().steps(), loss);
            if (!Double.isFinite(loss)) {
                ending = Ending.DIVERGED;
                break;
            }
            if (shutdown.requested()) {
                ending = Ending.INTERRUPTED;
                break;
            }
            if (checkpoint != null && checkpointEvery > 0 && trainer.step() % checkpointEvery == 0
                    && trainer.step() < stop) {
                if (!trainer.paramsFinite()) {
                    ending = Ending.DIVERGED;
                    break;
                }
                save(); // quietly: a line on the terminal would break the progress bar
            }
        }
        progress.close();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (ending != Ending.DIVERGED && checkpoint != null) {
            if (trainer.paramsFinite()) {
                save();
                err.println("checkpoint: step " + trainer.step() + " saved to " + checkpoint);
            } else {
                ending = Ending.DIVERGED;
            }
        }
        return new Outcome(ending, first, trainer.step(), loss, seconds, savedStep, nonFinite);
    }

    private void save() {
        CheckpointFile.write(checkpoint, trainer.checkpoint());
        savedStep = trainer.step();
    }
}
