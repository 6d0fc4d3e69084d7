package dev.flatgrad.examples.microgpt;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code microgpt sample}: new names from a saved model, without its training data. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = BuildVersion.class,
        description = "Sample documents from a checkpoint written by 'train --checkpoint FILE'.")
final class SampleCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", paramLabel = "FILE", required = true, description = "the checkpoint to sample from")
    Path checkpoint;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "20", description = "how many (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.5", description = "> 0; lower is more conservative, 1 samples the model as it is (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--seed", paramLabel = "N", description = "reseed the RNG (default: continue the saved run's RNG, as training then sampling would)")
    Long seed;

    private final PrintStream out;

    SampleCommand() {
        this(System.out);
    }

    SampleCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        if (samples < 0) {
            throw new IllegalArgumentException("--samples must be >= 0, got " + samples);
        }
        if (!(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("--temperature must be a positive number, got " + temperature);
        }
        Checkpoint saved = CheckpointFile.read(checkpoint);
        Sampler sampler = new Sampler(saved.config(), Trainer.optionsOf(saved).precision(), null);
        sampler.loadParams(saved);
        PyRandom random = new PyRandom(0);
        if (seed != null) {
            random.seed(seed);
        } else {
            random.restore(saved.randomState());
        }
        Tokenizer tokenizer = Tokenizer.of(saved.tokenizerChars());
        for (int i = 0; i < samples; i++) {
            out.printf(Locale.ROOT, "sample %2d: %s%n", i + 1, sampler.sample(random, temperature, tokenizer));
        }
        return 0;
    }
}
