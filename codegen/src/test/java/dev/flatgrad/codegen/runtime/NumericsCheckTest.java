package dev.flatgrad.codegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.nn.Nn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The numerics check mode names the first node whose values are not finite; off, it costs nothing. */
class NumericsCheckTest {
    @Test
    void theFirstNodeWithANanIsNamedWithItsOpAndLine() {
        Graph g = new Graph();
        Dim t = g.symbol("T", 4);
        Node x = g.input("x", DType.F64, Shape.of(t, 3));
        Node w = g.param("w", 3, 3);
        Node shifted = Nn.linear(x, w).sub(1.0);
        Node logs = shifted.log().named("logs"); // NaN where the linear output is below 1
        Node loss = logs.exp().sum().named("loss");
        for (DType precision : List.of(DType.F64, DType.F32)) {
            Program p = Flatgrad.compile(ProgramSpec.builder(g).className("Nans").output(loss).checkNumerics(true)
                    .precision(precision).build());
            p.setLength(2).setInput("x", new double[] {0.5, 2, 3, 0.1, 0.1, 0.1}).setParam("w", new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, p::forward);
            assertSame(logs, e.node());
            assertTrue(e.getMessage().startsWith("forward pass: %" + logs.id() + ":f64[T,3] log 'logs' (NumericsCheckTest.java:"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("is NaN at index [0, 0] of shape [2, 3] (T = 2); its inputs there: %"
                    + shifted.id() + " sub = -0.5"), e.getMessage());
        }
    }

    @Test
    void aNewInfinityIsReportedButAnInfinityFromAMaskConstantIsNot() {
        Graph g = new Graph();
        Node x = g.param("x", 2, 2);
        Node masked = Nn.causalMask(g, Dim.fixed(2), null).select(x, g.constant(Double.NEGATIVE_INFINITY));
        Node probs = Nn.softmax(masked, -1); // -inf scores become zero weights: fine
        Node blowUp = probs.div(x).named("ratio"); // x = 0 divides by zero: a new infinity
        Node loss = blowUp.sum().named("loss");
        Program p = Flatgrad.compile(ProgramSpec.builder(g).className("Infs").output(loss).checkNumerics(true).build());
        p.setParam("x", new double[] {0.5, 0.25, 0.75, 1});
        p.forward();
        assertTrue(Double.isFinite(p.scalar("loss")));
        p.setParam("x", new double[] {0.5, 0.25, 0.0, 1});
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, p::forward);
        assertSame(blowUp, e.node());
        assertTrue(e.getMessage().contains("is Infinity at index [1, 0] of shape [2, 2]")
                && e.getMessage().contains("none of its inputs has"), e.getMessage());
    }

    @Test
    void gradientsAreCheckedInTheBackwardPassAndParamsAfterTheUpdate() {
        Graph g = new Graph();
        Node w = g.param("w", 2);
        Node loss = w.sqrt().sum().named("loss");
        Program p = Flatgrad.compile(ProgramSpec.builder(g).className("Grads").minimize(loss, List.of(w))
                .optimizer(Optimizer.sgd()).checkNumerics(true).build());
        p.setParam("w", new double[] {4, 0}); // d sqrt(w) / dw = 1 / (2 sqrt(0)) = inf
        p.forward();
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, p::backward);
        assertTrue(e.getMessage().startsWith("backward pass: "), e.getMessage());

        p.setParam("w", new double[] {0.01, 1}); // gradient 5 at w = 0.01: 5 * lr overflows
        p.forward();
        p.backward();
        NonFiniteValueException update = assertThrows(NonFiniteValueException.class, () -> p.update(Double.MAX_VALUE));
        assertTrue(update.getMessage().startsWith("optimizer update 0: param 'w' f64[2] became -Infinity at index [0]"),
                update.getMessage());
    }

    @Test
    void offByDefaultTheGeneratedCodeHoldsNoCheck() {
        Graph g = new Graph();
        Node x = g.param("x", 3);
        Node loss = x.log().sum().named("loss");
        String plain = Flatgrad.source(ProgramSpec.builder(g).className("Plain").output(loss).build());
        assertFalse(plain.contains("guard"), plain);
        Program p = Flatgrad.compile(ProgramSpec.builder(g).className("Plain").output(loss).build());
        p.setParam("x", new double[] {-1, 1, 2});
        p.forward();
        assertTrue(Double.isNaN(p.scalar("loss")), "unchecked programs compute what they compute");
        assertEquals(1, plain.split("private void k", -1).length - 1, "log and sum fuse into one kernel");
    }
}
