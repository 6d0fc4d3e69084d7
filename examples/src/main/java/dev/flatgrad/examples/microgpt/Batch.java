package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.runtime.Program;

/**
 * Feeds documents to a program. One document: tokens and targets straight from its encoding, cut
 * to {@code n = min(block_size, len + 1)} positions as microgpt.py does. Several documents: packed
 * one after another without padding, with positions restarting and a segment id per document, and
 * per-position loss weights {@code 1 / (B·n_doc)} (B the whole batch, of which these documents may be a
 * part) so the loss is the mean of the documents' means. Buffers are allocated once, so feeding allocates
 * nothing.
 */
public final class Batch {
    private final int blockSize;
    private final int[] tokens;
    private final int[] targets;
    private final int[] positions;
    private final int[] segments;
    private final double[] weights;

    public Batch(int blockSize, int documents) {
        this.blockSize = blockSize;
        int capacity = blockSize * documents;
        tokens = new int[capacity];
        targets = new int[capacity];
        positions = new int[capacity];
        segments = new int[capacity];
        weights = new double[capacity];
    }

    /** Positions a document contributes: microgpt.py's {@code n = min(block_size, len(tokens) - 1)}. */
    int positions(int[] encoded) {
        return Math.min(blockSize, encoded.length - 1);
    }

    /** Binds one encoded document ({@code [BOS] + ids + [BOS]}) to a single-document program. */
    public void feedOne(Program program, int[] encoded) {
        program.setLength(positions(encoded)).setInput("tokens", encoded, 0).setInput("targets", encoded, 1);
    }

    /** Packs the encoded documents into one sequence for a packed program; they are the whole batch. */
    void feedPacked(Program program, int[][] documents) {
        feedPacked(program, documents, 0, documents.length, documents.length);
    }

    /** Packs {@code count} documents from {@code from}, part of a batch of {@code batchSize}, into one sequence. */
    public void feedPacked(Program program, int[][] documents, int from, int count, int batchSize) {
        int at = 0;
        for (int d = 0; d < count; d++) {
            int[] doc = documents[from + d];
            int n = positions(doc);
            for (int p = 0; p < n; p++) {
                tokens[at] = doc[p];
                targets[at] = doc[p + 1];
                positions[at] = p;
                segments[at] = d;
                weights[at] = 1.0 / ((double) batchSize * n);
                at++;
            }
        }
        program.setLength(at).setInput("tokens", tokens, 0).setInput("targets", targets, 0)
                .setInput("positions", positions, 0).setInput("segments", segments, 0).setInput("weights", weights, 0);
    }
}
