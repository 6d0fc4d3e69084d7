package dev.flatgrad.examples.bench;

import dev.flatgrad.examples.microgpt.Documents;
import dev.flatgrad.examples.microgpt.GptConfig;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options every bench CLI shares (a picocli mixin): the documents, and microgpt's width, depth and heads, with
 * block 16 and the vocabulary of the documents.
 */
public final class BenchModelOptions {
    @Option(names = "--data", paramLabel = "FILE", description = "documents, one per line (default: the embedded names)")
    private Path data;

    @Option(names = "--n-embd", defaultValue = "16", description = "width (default: ${DEFAULT-VALUE})")
    private int nEmbd;

    @Option(names = "--n-layer", defaultValue = "1", description = "layers (default: ${DEFAULT-VALUE})")
    private int nLayer;

    @Option(names = "--n-head", defaultValue = "4", description = "heads (default: ${DEFAULT-VALUE})")
    private int nHead;

    /** The documents of {@code --data}, or the embedded names. */
    public Documents documents() {
        return BenchTrainer.documents(data);
    }

    /** The model's shape; its vocabulary is set from the documents when the trainer starts. */
    public GptConfig shape() {
        return BenchTrainer.shape(nEmbd, nLayer, nHead);
    }

    /** E.g. {@code d16 L1 H4}. */
    public String label() {
        return String.format(Locale.ROOT, "d%d L%d H%d", nEmbd, nLayer, nHead);
    }
}
