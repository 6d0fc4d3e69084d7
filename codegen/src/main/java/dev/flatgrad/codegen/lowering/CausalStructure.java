package dev.flatgrad.codegen.lowering;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.Binary;
import dev.flatgrad.ops.BroadcastTo;
import dev.flatgrad.ops.CausalMask;
import dev.flatgrad.ops.Compare;
import dev.flatgrad.ops.Constant;
import dev.flatgrad.ops.Leaf;
import dev.flatgrad.ops.Matmul;
import dev.flatgrad.ops.Reduce;
import dev.flatgrad.ops.Select;
import dev.flatgrad.ops.StopGradient;
import dev.flatgrad.ops.Transpose;
import dev.flatgrad.ops.Unary;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the attention tensors of a program hold values that matter, so that attention costs what its
 * documents cost: the sum of their squared lengths, not the square of their total.
 *
 * <p>A {@link CausalMask} over a length T is 1 only in a band of each row i: the columns j from the start of
 * i's segment (document) up to i ({@link Region#LOWER}). Tensors {@code [.., T, T]} ("square") derived from it
 * inherit that structure: a forward pass finds, per node, the region outside which its value is a known
 * constant (the masked scores are -inf there, their exponentials 0, products with them 0), and a backward
 * pass finds the region each node is read in. The code generator then computes each square kernel only on
 * its region, sums reductions and matrix products only where the summed values are not 0 (or -inf for a max),
 * and never reads outside a region. Skipped terms are exact zeros, so results do not change (sums start from
 * 0.0 and adding ±0.0 leaves them as they are); only where values are already non-finite can they differ.
 */
public final class CausalStructure {
    /** A part of the last two axes (row i, column j) of a square tensor. */
    public enum Region {
        /** Nothing differs from the node's fill: a uniform value. */
        NONE,
        /** j from the start of i's segment up to i (inclusive): where a causal mask is 1. */
        LOWER,
        /** j from i up to the end of i's segment: LOWER transposed. */
        UPPER,
        ALL;

        public Region transposed() {
            return this == LOWER ? UPPER : this == UPPER ? LOWER : this;
        }

        Region union(Region other) {
            if (this == other || other == NONE) {
                return this;
            }
            return this == NONE ? other : ALL;
        }

        /** A region holding the intersection (not always the smallest such). */
        Region within(Region other) {
            return other == ALL || other == NONE ? this : this == ALL ? other : this;
        }
    }

    /** Outside {@code support}, the node's elements equal {@code fill}; NaN: nothing known outside. */
    private record Known(Region support, double fill) {
        static final Known DENSE = new Known(Region.ALL, Double.NaN);

        static Known uniform(double value) {
            return Double.isNaN(value) ? DENSE : new Known(Region.NONE, value);
        }

        static Known outside(Region support, double fill) {
            return Double.isNaN(fill) ? DENSE : new Known(support, fill);
        }

        boolean zeroOutside() {
            return support != Region.ALL && fill == 0.0;
        }
    }

    private final Plan plan;
    private final Node mask;
    private final Known[] known;
    private final Region[] needed;

    private CausalStructure(Plan plan, Node mask) {
        this.plan = plan;
        this.mask = mask;
        int n = plan.graph().size();
        this.known = new Known[n];
        this.needed = new Region[n];
        if (mask != null) {
            forward();
            backward();
        }
    }

    /**
     * The structure of a planned program: inactive unless its masks all share one length and segment ids, and
     * those come from an input (whose ids the runtime checks are non-decreasing).
     */
    static CausalStructure of(Plan plan) {
        Node mask = null;
        for (Node n : plan.neededNodes()) {
            if (n.op() instanceof CausalMask) {
                boolean boundable = !CausalMask.hasSegments(n) || Leaf.isInput(n.input(0));
                if (!boundable || mask != null && !sameMask(mask, n)) {
                    return new CausalStructure(plan, null);
                }
                mask = mask == null ? n : mask;
            }
        }
        return new CausalStructure(plan, mask);
    }

    private static boolean sameMask(Node a, Node b) {
        return a.shape().equals(b.shape()) && a.inputs().equals(b.inputs());
    }

    /** Whether any square tensor is computed on less than all of it. */
    public boolean active() {
        return mask != null;
    }

    /** The segment ids bounding the regions (an i32 {@code [T]} node), or null: one segment, the whole sequence. */
    public Node segments() {
        return mask == null || !CausalMask.hasSegments(mask) ? null : mask.input(0);
    }

    /** The length T of the square axes; only when {@link #active()}. */
    public Dim length() {
        return mask.shape().dim(0);
    }

    /** Whether the node's last two axes are both the mask's length. */
    public boolean isSquare(Node n) {
        return mask != null && n.rank() >= 2 && n.shape().dim(n.rank() - 1).equals(length())
                && n.shape().dim(n.rank() - 2).equals(length());
    }

    /** The region a square kernel root computes (ALL for other nodes). */
    public Region computed(Node root) {
        Region r = isSquare(root) ? needed[root.id()] : null;
        return r == null || r == Region.NONE ? Region.ALL : r;
    }

    /**
     * For a square node, the region outside which it is 0: a matrix product over one of its square axes, or a
     * sum over its last axis, needs only that region. ALL when it is not known to be 0 outside.
     */
    public Region zeroOutside(Node n) {
        Known k = isSquare(n) ? known[n.id()] : null;
        return k != null && k.zeroOutside() ? k.support() : Region.ALL;
    }

    /** The region of its square input that a reduction over the last axis visits (ALL: every element). */
    public Region reduced(Node reduction) {
        Reduce r = (Reduce) reduction.op();
        Node x = reduction.input(0);
        Known k = isSquare(x) && r.axis() == x.rank() - 1 ? known[x.id()] : null;
        if (k == null || k.support() == Region.ALL || k.support() == Region.NONE) {
            return Region.ALL;
        }
        boolean neutral = r.kind() == Reduce.Kind.SUM ? k.fill() == 0.0 : k.fill() == Double.NEGATIVE_INFINITY;
        return neutral ? k.support() : Region.ALL;
    }

    // ---- what is known of each node's values ----

    private void forward() {
        for (Node n : plan.neededNodes()) {
            known[n.id()] = knownOf(n);
        }
    }

    private Known knownOf(Node n) {
        Object op = n.op();
        if (op instanceof Constant c) {
            return c.isFill() ? Known.uniform(c.fillValue()) : Known.DENSE;
        }
        if (op instanceof CausalMask) {
            return isSquare(n) ? new Known(Region.LOWER, 0.0) : Known.DENSE;
        }
        if (op instanceof BroadcastTo) {
            Known in = known[n.input(0).id()];
            return in.support() == Region.NONE || isSquare(n.input(0)) && isSquare(n) ? in : Known.DENSE;
        }
        if (op instanceof StopGradient) {
            return known[n.input(0).id()];
        }
        if (op instanceof Transpose t) {
            Known in = known[n.input(0).id()];
            if (in.support() == Region.NONE) {
                return in;
            }
            return swapsLastTwo(t.perm()) && isSquare(n) ? new Known(in.support().transposed(), in.fill()) : Known.DENSE;
        }
        if (!isSquare(n) && !n.shape().isScalar()) {
            return op instanceof Unary || op instanceof Binary ? elementwise(n) : Known.DENSE;
        }
        if (op instanceof Select) {
            return select(n);
        }
        if (op instanceof Unary || op instanceof Binary || op instanceof Compare) {
            return elementwise(n);
        }
        return Known.DENSE;
    }

    private Known select(Node n) {
        Known m = known[n.input(0).id()];
        Known a = known[n.input(1).id()];
        Known b = known[n.input(2).id()];
        if (m.support() == Region.NONE) {
            return m.fill() != 0 ? a : b;
        }
        if (m.zeroOutside() && isSquare(n)) {
            double outside = b.support() == Region.NONE || b.support() == m.support() ? b.fill() : Double.NaN;
            return Known.outside(m.support(), outside);
        }
        return Known.DENSE;
    }

    /**
     * An elementwise op on operands that are uniform or constant outside one region: the result is constant
     * outside that region when the op maps the operands' values there to one value whatever the operands
     * known nothing of hold (as 0 times any finite number is 0).
     */
    private Known elementwise(Node n) {
        Region support = Region.NONE;
        for (Node in : n.inputs()) {
            Region s = known[in.id()].support();
            support = s == Region.ALL ? support : support.union(s);
        }
        if (support == Region.ALL) {
            return Known.DENSE;
        }
        double fill = constantOutside(n, support);
        return support == Region.NONE ? Known.uniform(fill) : Known.outside(support, fill);
    }

    /** The op's value outside {@code support} if it is one value whatever the operands known nothing of hold. */
    private double constantOutside(Node n, Region support) {
        double[] probes = {-2.5, 0.0, 1.0, 3.0};
        double result = Double.NaN;
        for (double probe : probes) {
            double[] args = new double[n.inputs().size()];
            for (int i = 0; i < args.length; i++) {
                Known k = known[n.input(i).id()];
                args[i] = k.support() == Region.NONE || k.support() == support ? k.fill() : probe;
                if (Double.isNaN(args[i])) {
                    args[i] = probe;
                }
            }
            double v = apply(n, args);
            if (Double.isNaN(v) || !Double.isNaN(result) && v != result) {
                return Double.NaN;
            }
            result = v;
        }
        return result;
    }

    private static double apply(Node n, double[] args) {
        Object op = n.op();
        if (op instanceof Unary u) {
            return u.apply(args[0]);
        }
        if (op instanceof Binary b) {
            return b.apply(args[0], args[1]);
        }
        if (op instanceof Compare c) {
            return c.test(args[0], args[1]) ? 1.0 : 0.0;
        }
        throw new IllegalStateException("not elementwise: " + n);
    }

    // ---- the region each node is read in ----

    private void backward() {
        List<List<Node>> readers = new ArrayList<>();
        for (int i = 0; i < plan.graph().size(); i++) {
            readers.add(new ArrayList<>());
        }
        for (Node n : plan.neededNodes()) {
            for (Node in : n.inputs()) {
                readers.get(in.id()).add(n);
            }
        }
        List<Node> nodes = plan.neededNodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (!isSquare(n)) {
                continue;
            }
            Region need = plan.isRoot(n) ? Region.ALL : Region.NONE;
            for (Node reader : readers.get(n.id())) {
                for (int p = 0; p < reader.inputs().size(); p++) {
                    if (reader.input(p) == n) {
                        need = need.union(readBy(reader, p));
                    }
                }
            }
            needed[n.id()] = need;
        }
    }

    /** The region of its input {@code p} that {@code reader} reads. */
    private Region readBy(Node reader, int p) {
        Node in = reader.input(p);
        Object op = reader.op();
        if (op instanceof Matmul) {
            return zeroOutside(in); // a square operand is summed over one of its square axes: only where it is not 0
        }
        if (op instanceof Reduce) {
            return reduced(reader);
        }
        if (!isSquare(reader)) {
            return Region.ALL;
        }
        Region base = needed[reader.id()] == null || needed[reader.id()] == Region.NONE ? Region.ALL : needed[reader.id()];
        if (op instanceof BroadcastTo || op instanceof StopGradient) {
            return isSquare(in) ? base : Region.ALL;
        }
        if (op instanceof Transpose t) {
            return swapsLastTwo(t.perm()) ? base.transposed() : Region.ALL;
        }
        if (op instanceof Select && p == 1) {
            // outside the mask the other branch is taken: what this one holds there is never used
            return base.within(zeroOutside(reader.input(0)));
        }
        if (op instanceof Unary || op instanceof Binary || op instanceof Compare || op instanceof Select) {
            return base;
        }
        return Region.ALL;
    }

    private static boolean swapsLastTwo(int[] perm) {
        int r = perm.length;
        for (int i = 0; i < r - 2; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return r >= 2 && perm[r - 1] == r - 2 && perm[r - 2] == r - 1;
    }
}
