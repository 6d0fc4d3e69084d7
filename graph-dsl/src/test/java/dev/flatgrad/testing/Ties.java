package dev.flatgrad.testing;

import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.Bindings;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.ToIntBiFunction;

/**
 * Cases that put {@code max} and {@code maximum} on their kinks on purpose: values are a few whole
 * numbers, so slices share their maximum and operands are equal. The gradient there is a convention
 * (ties split evenly), which {@link #assertGradientsFollowTheConvention} checks against
 * {@link TieGradients}, computed directly from the values.
 */
public enum Ties implements CaseGenerator {
    /** {@code sum(w * max(p0, axis))}, keepdims or not. */
    MAX(Ties::max, TieGradients::max, TieGradients::maxTies),
    /** {@code sum(w * maximum(p0, p1))} with broadcasting, and sometimes {@code maximum(p0, p0)}. */
    MAXIMUM(Ties::maximum, TieGradients::maximum, TieGradients::maximumTies);

    /** Three levels: ties are common, yet many slices still have a single maximum. */
    private static final Domain LEVELS = Domain.wholeNumbers(-1, 1);

    private final Recipe recipe;
    private final BiFunction<GeneratedCase, Bindings, Map<String, double[]>> expected;
    private final ToIntBiFunction<GeneratedCase, Bindings> tieCount;

    Ties(Recipe recipe, BiFunction<GeneratedCase, Bindings, Map<String, double[]>> expected,
            ToIntBiFunction<GeneratedCase, Bindings> tieCount) {
        this.recipe = recipe;
        this.expected = expected;
        this.tieCount = tieCount;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT) + " with ties";
    }

    @Override
    public GeneratedCase generate(Choices structure, long valueSeed, boolean allowSymbol) {
        CaseBuilder b = CaseBuilder.start(label(), structure, valueSeed, allowSymbol);
        return b.finish(recipe.build(b));
    }

    /** How many slices (max) or elements (maximum) of the case tie under these bindings. */
    public int ties(GeneratedCase c, Bindings b) {
        return tieCount.applyAsInt(c, b);
    }

    /**
     * Each param's gradient, by name, equals the convention's within {@code tolerance} times the
     * larger of 1 and the largest expected magnitude of that param.
     */
    public void assertGradientsFollowTheConvention(GeneratedCase c, Bindings b, Map<String, double[]> actual,
            double tolerance, String context) {
        expected.apply(c, b).forEach((name, want) -> {
            double[] got = actual.get(name);
            double scale = 1;
            for (double v : want) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < want.length; i++) {
                if (Math.abs(want[i] - got[i]) > tolerance * scale) {
                    throw new AssertionError("d loss/d " + name + "[" + i + "] is " + got[i] + ", but ties split the gradient"
                            + " evenly, which gives " + want[i] + " (" + ties(c, b) + " ties; " + context + ")\n" + c);
                }
            }
        });
    }

    private static Node max(CaseBuilder b) {
        Choices c = b.choices();
        Shape shape = Shapes.random(c, 1, 3, b.symbol());
        int axis = Shapes.maybeNegative(c, c.nextInt(shape.rank()), shape.rank());
        return b.param(shape, LEVELS).max(axis, c.nextBoolean());
    }

    private static Node maximum(CaseBuilder b) {
        Choices c = b.choices();
        Shape out = Shapes.random(c, 0, 3, b.symbol());
        Node x = b.param(Shapes.broadcastableTo(c, out), LEVELS);
        Node y = c.nextInt(4) == 3 ? x : b.param(Shapes.broadcastableTo(c, out), LEVELS);
        return x.maximum(y);
    }
}
