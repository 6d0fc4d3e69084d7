package dev.flatgrad.nn;

import dev.flatgrad.dsl.Node;

/**
 * What {@link Nn#causalSelfAttentionWithWeights} builds: the block's output {@code [T, C]} and its attention
 * weights {@code [heads, T, T]} (per head, row i is query position i's softmax over key positions; 0 where
 * the mask hides a key), so a caller can read the weights the model really uses.
 */
public record Attention(Node output, Node weights) {
}
