package dev.flatgrad.codegen.runtime;

/**
 * The parameter update a program's {@code step()} applies after the backward pass, generated as
 * flat loops over each trained param. Adam follows microgpt.py exactly: moments
 * {@code m = b1*m + (1-b1)*g}, {@code v = b2*v + (1-b2)*g²}, bias-corrected by {@code 1 - b^t}, and
 * {@code p -= lr * m̂ / (sqrt(v̂) + eps)}; the learning rate is passed per step.
 */
public final class Optimizer {
    /** Which update rule. */
    public enum Kind { NONE, SGD, ADAM }

    private static final Optimizer NONE = new Optimizer(Kind.NONE, 0, 0, 0);

    private final Kind kind;
    private final double beta1;
    private final double beta2;
    private final double eps;

    private Optimizer(Kind kind, double beta1, double beta2, double eps) {
        this.kind = kind;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** No update: the program only runs forward and backward. */
    public static Optimizer none() {
        return NONE;
    }

    /** {@code p -= lr * g}. */
    public static Optimizer sgd() {
        return new Optimizer(Kind.SGD, 0, 0, 0);
    }

    /** Adam as microgpt.py has it (no weight decay). */
    public static Optimizer adam(double beta1, double beta2, double eps) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
            throw new IllegalArgumentException("adam needs 0 <= beta1, beta2 < 1 and eps > 0, got beta1 " + beta1
                    + ", beta2 " + beta2 + ", eps " + eps);
        }
        return new Optimizer(Kind.ADAM, beta1, beta2, eps);
    }

    public Kind kind() {
        return kind;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double eps() {
        return eps;
    }

    @Override
    public String toString() {
        return kind == Kind.ADAM ? "adam(beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ")" : kind.name().toLowerCase();
    }
}
