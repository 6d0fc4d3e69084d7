package dev.flatgrad.testing;

import dev.flatgrad.check.GradCheck;

/** Gradient checks on generated cases whose failures print the case as a graph. */
public final class GradientAssertions {
    private GradientAssertions() {
    }

    /** Autodiff ≈ central finite differences for every element of every param, with {@link GradCheck#defaults()}. */
    public static void assertMatchesFiniteDifferences(GeneratedCase c) {
        assertMatchesFiniteDifferences(c, GradCheck.defaults());
    }

    public static void assertMatchesFiniteDifferences(GeneratedCase c, GradCheck check) {
        if (c.params().isEmpty()) {
            throw new AssertionError("the case has no params, so a gradient check would check nothing:\n" + c);
        }
        GradCheck.Result result = check.check(c.loss(), c.params(), c.bindings());
        if (!result.passed()) {
            throw new AssertionError("autodiff differs from finite differences in " + result.failures().size() + " of "
                    + result.elements() + " elements; worst " + result.worst() + "\nfor " + c);
        }
    }
}
