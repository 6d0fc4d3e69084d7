package dev.flatgrad.examples.microgpt;

import java.util.List;

/**
 * The attention weights a model computed over one token sequence: per layer and head a square matrix whose row
 * q holds query position q's weights over the key positions (each row sums to 1, 0 above the diagonal).
 *
 * @param tokens  the sequence's tokens as text, BOS included, one per position
 * @param weights {@code weights[layer][head][query][key]}
 */
record AttentionMaps(List<String> tokens, double[][][][] weights) {
    AttentionMaps {
        tokens = List.copyOf(tokens);
        int t = tokens.size();
        for (double[][][] layer : weights) {
            for (double[][] head : layer) {
                if (head.length != t) {
                    throw new IllegalArgumentException("a head has " + head.length + " rows for " + t + " tokens");
                }
                for (double[] row : head) {
                    if (row.length != t) {
                        throw new IllegalArgumentException("a row has " + row.length + " weights for " + t + " tokens");
                    }
                }
            }
        }
    }

    int layers() {
        return weights.length;
    }

    int heads() {
        return weights.length == 0 ? 0 : weights[0].length;
    }

    /** Positions in the sequence. */
    int length() {
        return tokens.size();
    }

    /** The weight query position {@code query} of head {@code head} in layer {@code layer} gives key position {@code key}. */
    double weight(int layer, int head, int query, int key) {
        return weights[layer][head][query][key];
    }

    /** Unpacks a program's {@code [heads, T, T]} output of one layer, row-major. */
    static double[][][] unpack(double[] flat, int heads, int t) {
        double[][][] out = new double[heads][t][t];
        for (int h = 0; h < heads; h++) {
            for (int q = 0; q < t; q++) {
                System.arraycopy(flat, (h * t + q) * t, out[h][q], 0, t);
            }
        }
        return out;
    }
}
