package dev.flatgrad.check;

import dev.flatgrad.autodiff.Autodiff;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import dev.flatgrad.ops.Leaf;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks symbolic gradients against central finite differences in f64, element by element:
 * an element passes when {@code |ad - fd| <= atol + rtol * max(|ad|, |fd|)}.
 */
public final class GradCheck {
    private final double rtol;
    private final double atol;
    private final double step;

    private GradCheck(double rtol, double atol, double step) {
        this.rtol = rtol;
        this.atol = atol;
        this.step = step;
    }

    /** rtol 1e-5, atol 1e-7, relative step 1e-5: honest for smooth f64 graphs of moderate size. */
    public static GradCheck defaults() {
        return new GradCheck(1e-5, 1e-7, 1e-5);
    }

    public GradCheck tolerance(double relative, double absolute) {
        return new GradCheck(relative, absolute, step);
    }

    /** The finite-difference step, relative to {@code max(1, |x|)}. */
    public GradCheck step(double relativeStep) {
        return new GradCheck(rtol, atol, relativeStep);
    }

    /** Compares autodiff with finite differences for every element of every target leaf. */
    public Result check(Node loss, List<Node> targets, Bindings bindings) {
        for (Node t : targets) {
            if (!Leaf.isParam(t) && !Leaf.isInput(t)) {
                throw new IllegalArgumentException("gradcheck: target " + t + " must be a param or input leaf, whose value it can perturb");
            }
        }
        List<NDArray> symbolic = Interpreter.evaluate(bindings, Autodiff.grad(loss, targets));
        Result result = new Result();
        for (int i = 0; i < targets.size(); i++) {
            Node t = targets.get(i);
            NDArray x = bindings.get(t.name());
            if (x == null) {
                throw new IllegalArgumentException("gradcheck: target '" + t.name() + "' is not bound");
            }
            for (int e = 0; e < x.size(); e++) {
                double fd = centralDifference(loss, bindings, t.name(), x, e);
                result.record(t.name(), e, symbolic.get(i).get(e), fd, rtol, atol);
            }
        }
        return result;
    }

    private double centralDifference(Node loss, Bindings bindings, String name, NDArray x, int element) {
        double h = step * Math.max(1.0, Math.abs(x.get(element)));
        NDArray plus = x.copy();
        plus.data()[element] += h;
        NDArray minus = x.copy();
        minus.data()[element] -= h;
        double up = Interpreter.evaluate(loss, bindings.with(name, plus)).item();
        double down = Interpreter.evaluate(loss, bindings.with(name, minus)).item();
        // the actual distance between the perturbed points, which rounding may make differ from 2h
        return (up - down) / (plus.get(element) - minus.get(element));
    }

    /** The comparison of every element, and the worst one. */
    public static final class Result {
        private final List<String> failures = new ArrayList<>();
        private String worst = "no elements";
        private double worstExcess = Double.NEGATIVE_INFINITY;
        private int elements;

        void record(String name, int element, double ad, double fd, double rtol, double atol) {
            elements++;
            double error = Math.abs(ad - fd);
            double allowed = atol + rtol * Math.max(Math.abs(ad), Math.abs(fd));
            double excess = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error / allowed;
            String text = String.format("%s[%d]: autodiff %.17g, finite difference %.17g, error %.3g (allowed %.3g)",
                    name, element, ad, fd, error, allowed);
            if (excess > 1) {
                failures.add(text);
            }
            if (excess > worstExcess) {
                worstExcess = excess;
                worst = text;
            }
        }

        public boolean passed() {
            return failures.isEmpty();
        }

        public int elements() {
            return elements;
        }

        public List<String> failures() {
            return List.copyOf(failures);
        }

        /** The element with the largest error relative to its allowance. */
        public String worst() {
            return worst;
        }

        /** Throws an AssertionError naming the worst element when any element fails. */
        public void assertPassed() {
            if (!passed()) {
                throw new AssertionError("gradient check failed for " + failures.size() + " of " + elements
                        + " elements; worst " + worst);
            }
        }
    }
}
