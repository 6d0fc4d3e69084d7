package dev.flatgrad.spark;

import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.examples.microgpt.GptConfig;
import dev.flatgrad.examples.microgpt.TrainOptions;
import java.io.Serializable;

/**
 * What a task needs to know about the run, in a form Spark can serialize: the model's shape and the training
 * settings ({@link GptConfig} and {@link TrainOptions} are not serializable themselves).
 */
record RunSpec(int vocabSize, int nEmbd, int nLayer, int nHead, int blockSize,
               int steps, double learningRate, int batch, long seed, DType precision, Numerics numerics)
        implements Serializable {

    static RunSpec of(GptConfig config, TrainOptions options) {
        return new RunSpec(config.vocabSize(), config.nEmbd(), config.nLayer(), config.nHead(), config.blockSize(),
                options.steps(), options.learningRate(), options.batch(), options.seed(), options.precision(),
                options.numerics());
    }

    GptConfig config() {
        return new GptConfig(vocabSize, nEmbd, nLayer, nHead, blockSize);
    }

    TrainOptions options() {
        return new TrainOptions(steps, learningRate, batch, seed, precision, numerics);
    }

    /** The compiled program a task of this run borrows. */
    ProgramKey programKey() {
        return new ProgramKey(config(), Shards.documentsPerRun(batch), precision, numerics);
    }
}
