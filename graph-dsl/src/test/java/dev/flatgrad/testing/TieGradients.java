package dev.flatgrad.testing;

import dev.flatgrad.dsl.Node;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.NDArray;
import dev.flatgrad.ops.Binary;
import dev.flatgrad.ops.BroadcastTo;
import dev.flatgrad.ops.Reduce;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The documented gradients of {@code max} and {@code maximum} where values tie, computed directly
 * from the values (finite differences are useless at a kink): ties split the gradient evenly, as
 * JAX does. For {@code sum(w * max(x, axis))} each maximal element of a slice gets {@code w / (number
 * of maximal elements)}; for {@code sum(w * maximum(a, b))} the larger operand gets {@code w}, and
 * equal operands get {@code w / 2} each.
 */
final class TieGradients {
    private TieGradients() {
    }

    /** Gradients of the case's params by name, for a case {@code sum(w * max(p0, axis))}. */
    static Map<String, double[]> max(GeneratedCase c, Bindings b) {
        Node max = maxNode(c);
        NDArray x = b.get(max.input(0).name());
        double[] w = b.get(CaseBuilder.WEIGHTS).data();
        int[] shape = x.shape();
        int axis = ((Reduce) max.op()).axis();
        int n = shape[axis];
        int inner = product(shape, axis + 1, shape.length);
        int outer = x.size() / (n * inner);
        double[] grad = new double[x.size()];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double largest = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    largest = Math.max(largest, x.get((o * n + k) * inner + i));
                }
                int count = 0;
                for (int k = 0; k < n; k++) {
                    count += x.get((o * n + k) * inner + i) == largest ? 1 : 0;
                }
                for (int k = 0; k < n; k++) {
                    if (x.get((o * n + k) * inner + i) == largest) {
                        grad[(o * n + k) * inner + i] = w[o * inner + i] / count;
                    }
                }
            }
        }
        return Map.of(max.input(0).name(), grad);
    }

    /** Gradients of the case's params by name, for a case {@code sum(w * maximum(p0, p1))} with broadcasting. */
    static Map<String, double[]> maximum(GeneratedCase c, Bindings b) {
        Node maximum = maximumNode(c);
        Node left = leafBehindBroadcast(maximum.input(0));
        Node right = leafBehindBroadcast(maximum.input(1));
        NDArray l = b.get(left.name());
        NDArray r = b.get(right.name());
        double[] w = b.get(CaseBuilder.WEIGHTS).data();
        int[] out = maximum.shape().resolve(b.dims());
        Map<String, double[]> grads = new LinkedHashMap<>();
        grads.put(left.name(), new double[l.size()]);
        grads.putIfAbsent(right.name(), new double[r.size()]); // maximum(x, x): both halves go to x
        for (int e = 0; e < w.length; e++) {
            int il = broadcastSource(e, out, l.shape());
            int ir = broadcastSource(e, out, r.shape());
            double a = l.get(il);
            double bv = r.get(ir);
            grads.get(left.name())[il] += a > bv ? w[e] : a == bv ? w[e] / 2 : 0;
            grads.get(right.name())[ir] += bv > a ? w[e] : a == bv ? w[e] / 2 : 0;
        }
        return grads;
    }

    /** Slices along the max's axis with more than one maximal element. */
    static int maxTies(GeneratedCase c, Bindings b) {
        Node max = maxNode(c);
        NDArray x = b.get(max.input(0).name());
        int[] shape = x.shape();
        int axis = ((Reduce) max.op()).axis();
        int n = shape[axis];
        int inner = product(shape, axis + 1, shape.length);
        int outer = x.size() / (n * inner);
        int ties = 0;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double largest = Double.NEGATIVE_INFINITY;
                int count = 0;
                for (int k = 0; k < n; k++) {
                    double v = x.get((o * n + k) * inner + i);
                    count = v > largest ? 1 : v == largest ? count + 1 : count;
                    largest = Math.max(largest, v);
                }
                ties += count > 1 ? 1 : 0;
            }
        }
        return ties;
    }

    /** Output elements of the maximum whose operands are equal. */
    static int maximumTies(GeneratedCase c, Bindings b) {
        Node maximum = maximumNode(c);
        NDArray l = b.get(leafBehindBroadcast(maximum.input(0)).name());
        NDArray r = b.get(leafBehindBroadcast(maximum.input(1)).name());
        int[] out = maximum.shape().resolve(b.dims());
        int ties = 0;
        for (int e = 0; e < product(out, 0, out.length); e++) {
            ties += l.get(broadcastSource(e, out, l.shape())) == r.get(broadcastSource(e, out, r.shape())) ? 1 : 0;
        }
        return ties;
    }

    private static Node maxNode(GeneratedCase c) {
        return only(c, "max", n -> n.op() instanceof Reduce r && r.kind() == Reduce.Kind.MAX);
    }

    private static Node maximumNode(GeneratedCase c) {
        return only(c, "maximum", n -> n.op() instanceof Binary op && op.kind() == Binary.Kind.MAXIMUM);
    }

    private static Node only(GeneratedCase c, String what, Predicate<Node> is) {
        List<Node> found = c.forwardNodes().stream().filter(is).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("a tie case holds exactly one " + what + ", this one " + found.size() + ":\n" + c);
        }
        return found.get(0);
    }

    private static Node leafBehindBroadcast(Node n) {
        return n.op() instanceof BroadcastTo ? n.input(0) : n;
    }

    /** The flat index, in an operand of shape {@code from}, read by flat element {@code e} of the numpy broadcast {@code out}. */
    private static int broadcastSource(int e, int[] out, int[] from) {
        int lead = out.length - from.length;
        int source = 0;
        int rest = e;
        int stride = 1;
        for (int a = out.length - 1; a >= lead; a--) {
            int index = rest % out[a];
            rest /= out[a];
            int size = from[a - lead];
            source += (size == 1 ? 0 : index) * stride;
            stride *= size;
        }
        return source;
    }

    private static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }
}
