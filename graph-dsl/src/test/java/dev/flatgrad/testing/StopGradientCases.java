package dev.flatgrad.testing;

import dev.flatgrad.dsl.Node;

/**
 * Cases for stop_gradient, whose autodiff gradient disagrees with finite differences on purpose,
 * so they are checked against exact expectations instead.
 */
public final class StopGradientCases {
    /** {@code sum(w * stop_gradient(p0))}: the gradient must be exactly zero. */
    public static final CaseGenerator BLOCKED = CaseGenerator.of("stop_gradient blocked",
            b -> b.param(Shapes.random(b.choices(), 0, 3, b.symbol()), Domain.uniform(-2, 2)).stopGradient());

    /**
     * {@code sum(w * stop_gradient(p0) * p0)}: only the unstopped factor is differentiated, so the
     * gradient is {@code w * p0}, not {@code 2 * w * p0}.
     */
    public static final CaseGenerator MIXED = CaseGenerator.of("stop_gradient mixed", b -> {
        Node x = b.param(Shapes.random(b.choices(), 0, 3, b.symbol()), Domain.uniform(-2, 2));
        return x.stopGradient().mul(x);
    });

    private StopGradientCases() {
    }
}
