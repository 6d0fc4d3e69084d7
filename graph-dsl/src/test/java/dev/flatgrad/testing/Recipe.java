package dev.flatgrad.testing;

import dev.flatgrad.dsl.Node;

/** Builds the interesting part of a case on a builder and returns its (not yet reduced) output. */
@FunctionalInterface
public interface Recipe {
    Node build(CaseBuilder b);
}
