package dev.flatgrad.examples.microgpt;

import java.util.Locale;

/** The hyper-parameters of microgpt.py's GPT; {@link #MICROGPT} holds its values for 27 tokens. */
public record GptConfig(int vocabSize, int nEmbd, int nLayer, int nHead, int blockSize) {
    /** microgpt.py: n_embd 16, n_layer 1, n_head 4, block_size 16, and 26 letters + BOS. */
    public static final GptConfig MICROGPT = new GptConfig(27, 16, 1, 4, 16);
    /** The most values one param may hold: a Java array's limit. */
    static final long MAX_PARAM_VALUES = Integer.MAX_VALUE - 8;

    public GptConfig {
        require(vocabSize >= 2, "vocab size must be at least 2, got " + vocabSize);
        require(nEmbd >= 1, "n_embd must be positive, got " + nEmbd);
        require(nLayer >= 1, "n_layer must be positive, got " + nLayer);
        require(nHead >= 1, "n_head must be positive, got " + nHead);
        require(nEmbd % nHead == 0, "n_head " + nHead + " must divide n_embd " + nEmbd);
        require(blockSize >= 1, "block size must be positive, got " + blockSize);
        requireFits("wte (vocab_size x n_embd)", vocabSize, nEmbd);
        requireFits("wpe (block_size x n_embd)", blockSize, nEmbd);
        requireFits("mlp_fc1 (4 n_embd x n_embd)", 4L * nEmbd, nEmbd);
    }

    public int headDim() {
        return nEmbd / nHead;
    }

    public GptConfig withVocabSize(int vocab) {
        return new GptConfig(vocab, nEmbd, nLayer, nHead, blockSize);
    }

    /** The number of trained values: microgpt.py's {@code len(params)}, computed without overflow. */
    public long paramCount() {
        long c = nEmbd;
        return 2L * vocabSize * c + blockSize * c + (long) nLayer * 12 * c * c;
    }

    private static void requireFits(String param, long rows, long cols) {
        double values = (double) rows * cols;
        require(values <= MAX_PARAM_VALUES, String.format(Locale.ROOT,
                "the model is too large: %s would hold %,.0f values, more than a Java array holds (%,d)",
                param, values, MAX_PARAM_VALUES));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
