package dev.flatgrad.examples.bench;

import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.examples.microgpt.Documents;
import dev.flatgrad.examples.microgpt.EmbeddedNames;
import dev.flatgrad.examples.microgpt.GptConfig;
import dev.flatgrad.examples.microgpt.ProgramOptions;
import dev.flatgrad.examples.microgpt.RunOptions;
import dev.flatgrad.examples.microgpt.TrainOptions;
import dev.flatgrad.examples.microgpt.Trainer;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The trainer the benchmarks step: microgpt's real {@link Trainer} (packing, forward, backward, Adam) with block 16,
 * seed 42 and learning rate 0.001, for as many steps as a benchmark takes; the vocabulary comes from the documents.
 */
public final class BenchTrainer {
    private static final int BLOCK_SIZE = 16;
    private static final long SEED = 42;
    private static final double LEARNING_RATE = 0.001;

    private BenchTrainer() {
    }

    /** The documents of {@code file}, one per line, or the embedded names when it is null. */
    static Documents documents(Path file) {
        return file == null ? EmbeddedNames.documents() : Documents.load(file);
    }

    /** Reads {@code --dtype} with the CLI's own rule, so a value it refuses is a picocli usage error. */
    public static final class PrecisionConverter implements CommandLine.ITypeConverter<DType> {
        @Override
        public DType convert(String value) {
            try {
                return RunOptions.precision(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads {@code --numerics} with the CLI's own rule, so a value it refuses is a picocli usage error. */
    public static final class NumericsConverter implements CommandLine.ITypeConverter<Numerics> {
        @Override
        public Numerics convert(String value) {
            try {
                return RunOptions.numerics(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** microgpt's shape with block 16; the vocabulary (2 here) is the documents' once a trainer starts. */
    static GptConfig shape(int nEmbd, int nLayer, int nHead) {
        return new GptConfig(2, nEmbd, nLayer, nHead, BLOCK_SIZE);
    }

    /** A new run of {@code batch} documents per step on {@code threads} threads; close it when done. */
    static Trainer start(Documents docs, GptConfig shape, int batch, DType precision, Numerics numerics, int threads) {
        TrainOptions options = new TrainOptions(Integer.MAX_VALUE, LEARNING_RATE, batch, SEED, precision, numerics);
        return Trainer.start(shape, options, docs.documents(), new ProgramOptions(null, null, false, threads));
    }
}
