package dev.flatgrad.passes;

import java.util.Locale;

/** Each pass alone and the whole pipeline, for parameterised properties. */
enum PassUnderTest {
    FOLDING(new ConstantFolding()),
    SIMPLIFICATION(new AlgebraicSimplification()),
    CSE(new CommonSubexpressions()),
    DCE(new DeadCodeElimination()),
    PIPELINE(Passes::optimize);

    private final GraphPass pass;

    PassUnderTest(GraphPass pass) {
        this.pass = pass;
    }

    GraphPass pass() {
        return pass;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
