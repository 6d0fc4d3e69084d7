package dev.flatgrad.examples.microgpt;

import java.io.IOException;
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

    @Option(names = "--attention", paramLabel = "FILE.png", description = "draw the attention weights of every head of every layer over one sampled document into this PNG; never replaces a file that is not a PNG")
    Path attention;

    @Option(names = "--attention-sample", paramLabel = "N", description = "which sample --attention draws, 1 to --samples (default: 1)")
    Integer attentionSample;

    private final PrintStream out;
    private final PrintStream err;

    SampleCommand() {
        this(System.out, System.err);
    }

    SampleCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (samples < 0) {
            throw new IllegalArgumentException("--samples must be >= 0, got " + samples);
        }
        if (!(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("--temperature must be a positive number, got " + temperature);
        }
        int drawn = attentionSample == null ? 1 : attentionSample;
        if (attentionSample != null && attention == null) {
            throw new IllegalArgumentException("--attention-sample needs --attention FILE.png to draw into");
        }
        if (attention != null && (drawn < 1 || drawn > samples)) {
            throw new IllegalArgumentException("--attention-sample must be a sample from 1 to --samples " + samples
                    + ", got " + drawn);
        }
        Checkpoint saved = CheckpointFile.read(checkpoint);
        if (attention != null) {
            OutputPaths.requireImageTarget(attention, "--attention", null, checkpoint);
        }
        Sampler sampler = new Sampler(saved.config(), Trainer.optionsOf(saved).precision(), attention != null, null);
        sampler.loadParams(saved);
        PyRandom random = new PyRandom(0);
        if (seed != null) {
            random.seed(seed);
        } else {
            random.restore(saved.randomState());
        }
        Tokenizer tokenizer = Tokenizer.of(saved.tokenizerChars());
        int[] drawnTokens = null;
        for (int i = 0; i < samples; i++) {
            int[] tokens = sampler.sampleTokens(random, temperature);
            if (i + 1 == drawn) {
                drawnTokens = tokens;
            }
            out.printf(Locale.ROOT, "sample %2d: %s%n", i + 1, Sampler.decode(tokens, tokenizer));
        }
        if (attention != null) {
            drawAttention(sampler, drawnTokens, drawn, tokenizer, saved);
        }
        return 0;
    }

    private void drawAttention(Sampler sampler, int[] tokens, int index, Tokenizer tokenizer, Checkpoint saved) {
        String name = Sampler.decode(tokens, tokenizer);
        AttentionMaps maps = sampler.attention(tokens, tokenizer);
        String title = String.format(Locale.ROOT, "microgpt attention over sample %d, \"%s\" (checkpoint step %d;"
                + " n_embd %d, n_layer %d, n_head %d)", index, name, saved.step(), saved.config().nEmbd(),
                saved.config().nLayer(), saved.config().nHead());
        try {
            AttentionPlot.write(attention, maps, title);
        } catch (IOException e) {
            throw new IllegalArgumentException("could not write --attention " + attention + ": " + e, e);
        }
        out.flush();
        err.println("attention: sample " + index + " (\"" + name + "\", " + maps.length() + " positions) drawn to "
                + attention);
    }
}
