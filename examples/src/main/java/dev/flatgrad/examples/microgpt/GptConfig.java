package dev.flatgrad.examples.microgpt;

/** The hyper-parameters of microgpt.py's GPT; {@link #MICROGPT} holds its values for 27 tokens. */
public record GptConfig(int vocabSize, int nEmbd, int nLayer, int nHead, int blockSize) {
    /** microgpt.py: n_embd 16, n_layer 1, n_head 4, block_size 16, and 26 letters + BOS. */
    public static final GptConfig MICROGPT = new GptConfig(27, 16, 1, 4, 16);

    public GptConfig {
        require(vocabSize >= 2, "vocab size must be at least 2, got " + vocabSize);
        require(nEmbd >= 1, "n_embd must be positive, got " + nEmbd);
        require(nLayer >= 1, "n_layer must be positive, got " + nLayer);
        require(nHead >= 1 && nEmbd % nHead == 0, "n_head " + nHead + " must divide n_embd " + nEmbd);
        require(blockSize >= 1, "block size must be positive, got " + blockSize);
    }

    public int headDim() {
        return nEmbd / nHead;
    }

    public GptConfig withVocabSize(int vocab) {
        return new GptConfig(vocab, nEmbd, nLayer, nHead, blockSize);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
