package dev.flatgrad.testing;

import dev.flatgrad.dsl.DType;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import dev.flatgrad.ops.Binary;
import dev.flatgrad.ops.BroadcastTo;
import dev.flatgrad.ops.Compare;
import dev.flatgrad.ops.Concat;
import dev.flatgrad.ops.Constant;
import dev.flatgrad.ops.GatherLast;
import dev.flatgrad.ops.GatherRows;
import dev.flatgrad.ops.CausalMask;
import dev.flatgrad.ops.Iota;
import dev.flatgrad.ops.Leaf;
import dev.flatgrad.ops.Matmul;
import dev.flatgrad.ops.Numel;
import dev.flatgrad.ops.Reduce;
import dev.flatgrad.ops.Reshape;
import dev.flatgrad.ops.ScatterAddLast;
import dev.flatgrad.ops.ScatterAddRows;
import dev.flatgrad.ops.Select;
import dev.flatgrad.ops.Slice;
import dev.flatgrad.ops.StopGradient;
import dev.flatgrad.ops.Transpose;
import dev.flatgrad.ops.Unary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The forward value of every primitive op, written again without the ops' code: each output
 * element is found by its index tuple, read from the inputs at the index tuples the op's definition
 * names, and computed with {@code java.lang.Math}. It does the same IEEE operations in the same
 * order as the interpreter (sums from 0.0 in index order), so the two agree exactly.
 */
public final class ForwardOracle {
    private ForwardOracle() {
    }

    /**
     * Every node of the case's forward graph, evaluated by the interpreter at every size of the
     * symbol, equals the oracle applied to the interpreter's values of its inputs.
     */
    public static void assertInterpreterMatches(GeneratedCase c) {
        int largest = c.symbol().map(d -> d.max()).orElse(0);
        for (int size = Math.min(1, largest); size <= largest; size++) {
            Bindings b = c.bindingsAt(size);
            List<Node> nodes = c.forwardNodes();
            List<NDArray> values = Interpreter.evaluate(b, nodes);
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                List<NDArray> inputs = n.inputs().stream().map(in -> values.get(nodes.indexOf(in))).toList();
                assertSame(expected(n, inputs, b), values.get(i), n + " at size " + size + "\n" + c);
            }
        }
    }

    /** The value of {@code n} given its inputs' values and the bindings (for leaves and symbol sizes). */
    public static NDArray expected(Node n, List<NDArray> in, Bindings b) {
        int[] shape = n.shape().resolve(b.dims());
        Object op = n.op();
        if (op instanceof Leaf) {
            return b.get(n.name());
        }
        if (op instanceof StopGradient || op instanceof Reshape) {
            return fill(shape, idx -> in.get(0).get(flat(shape, idx)));
        }
        if (op instanceof Constant c) {
            return fill(shape, idx -> c.isFill() ? c.fillValue() : c.values()[flat(shape, idx)]);
        }
        if (op instanceof Iota iota) {
            return fill(shape, idx -> idx[iota.axis()]);
        }
        if (op instanceof CausalMask) {
            return fill(shape, idx -> idx[1] <= idx[0]
                    && (in.isEmpty() || at(in.get(0), new int[] {idx[0]}) == at(in.get(0), new int[] {idx[1]})) ? 1.0 : 0.0);
        }
        if (op instanceof Numel numel) {
            return fill(shape, idx -> count(numel.of().resolve(b.dims())));
        }
        if (op instanceof Unary u) {
            return fill(shape, idx -> unary(u, at(in.get(0), idx)));
        }
        if (op instanceof Binary bin) {
            return fill(shape, idx -> binary(bin.kind(), at(in.get(0), idx), at(in.get(1), idx)));
        }
        if (op instanceof Compare cmp) {
            return fill(shape, idx -> compare(cmp.kind(), at(in.get(0), idx), at(in.get(1), idx)) ? 1.0 : 0.0);
        }
        if (op instanceof Select) {
            return fill(shape, idx -> at(in.get(0), idx) != 0 ? at(in.get(1), idx) : at(in.get(2), idx));
        }
        if (op instanceof Reduce r) {
            return fill(shape, idx -> reduce(r, in.get(0), idx));
        }
        if (op instanceof Matmul) {
            return fill(shape, idx -> matmul(in.get(0), in.get(1), idx));
        }
        if (op instanceof Transpose t) {
            return fill(shape, idx -> at(in.get(0), transposed(t.perm(), idx)));
        }
        if (op instanceof Slice s) {
            return fill(shape, idx -> at(in.get(0), shifted(idx, s.axis(), s.start())));
        }
        if (op instanceof Concat c) {
            return fill(shape, idx -> concat(c.axis(), in, idx));
        }
        if (op instanceof BroadcastTo) {
            return fill(shape, idx -> at(in.get(0), broadcastSource(in.get(0).shape(), idx)));
        }
        if (op instanceof GatherRows) {
            return fill(shape, idx -> gatherRows(in.get(0), in.get(1), idx));
        }
        if (op instanceof GatherLast) {
            return fill(shape, idx -> at(in.get(0), append(idx, (int) at(in.get(1), idx))));
        }
        if (op instanceof ScatterAddRows) {
            return scatterAddRows(shape, in.get(0), in.get(1));
        }
        if (op instanceof ScatterAddLast) {
            return scatterAddLast(shape, in.get(0), in.get(1));
        }
        throw new IllegalArgumentException("no forward oracle for op " + n.op().name() + " (" + op.getClass().getName()
                + "); add one to " + ForwardOracle.class.getSimpleName());
    }

    private static double unary(Unary u, double x) {
        return switch (u.kind()) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case RELU -> x > 0 ? x : 0.0;
            case POW -> Math.pow(x, u.exponent());
        };
    }

    private static double binary(Binary.Kind kind, double x, double y) {
        return switch (kind) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAXIMUM -> Math.max(x, y);
        };
    }

    private static boolean compare(Compare.Kind kind, double x, double y) {
        return switch (kind) {
            case LT -> x < y;
            case LE -> x <= y;
            case GT -> x > y;
            case GE -> x >= y;
            case EQ -> x == y;
        };
    }

    /** Sum or max over the reduced axis, whose index is re-inserted (or replaced, with keepdims) into idx. */
    private static double reduce(Reduce r, NDArray x, int[] idx) {
        double acc = r.kind() == Reduce.Kind.SUM ? 0.0 : Double.NEGATIVE_INFINITY;
        for (int k = 0; k < x.dim(r.axis()); k++) {
            int[] source = new int[x.rank()];
            int o = 0;
            for (int a = 0; a < x.rank(); a++) {
                if (a == r.axis()) {
                    source[a] = k;
                    o += r.keepDims() ? 1 : 0; // a kept axis holds index 0 in the output
                } else {
                    source[a] = idx[o++];
                }
            }
            acc = r.kind() == Reduce.Kind.SUM ? acc + at(x, source) : Math.max(acc, at(x, source));
        }
        return acc;
    }

    /** {@code sum_q a[.., i, q] * b[.., q, j]} for idx = (.., i, j). */
    private static double matmul(NDArray a, NDArray b, int[] idx) {
        int r = idx.length;
        double acc = 0.0;
        for (int q = 0; q < a.dim(r - 1); q++) {
            int[] ai = idx.clone();
            ai[r - 1] = q;
            int[] bi = idx.clone();
            bi[r - 2] = q;
            acc += at(a, ai) * at(b, bi);
        }
        return acc;
    }

    /** Output axis a is input axis perm[a]. */
    private static int[] transposed(int[] perm, int[] idx) {
        int[] source = new int[idx.length];
        for (int a = 0; a < perm.length; a++) {
            source[perm[a]] = idx[a];
        }
        return source;
    }

    private static double concat(int axis, List<NDArray> parts, int[] idx) {
        int position = idx[axis];
        for (NDArray part : parts) {
            if (position < part.dim(axis)) {
                int[] source = idx.clone();
                source[axis] = position;
                return at(part, source);
            }
            position -= part.dim(axis);
        }
        throw new AssertionError("index " + Arrays.toString(idx) + " is past the concatenation");
    }

    /** numpy broadcasting: shapes align at the end; an axis of size 1 is read at 0. */
    private static int[] broadcastSource(int[] from, int[] idx) {
        int lead = idx.length - from.length;
        int[] source = new int[from.length];
        for (int a = 0; a < from.length; a++) {
            source[a] = from[a] == 1 ? 0 : idx[lead + a];
        }
        return source;
    }

    /** out[s.., d..] = table[ids[s..], d..]. */
    private static double gatherRows(NDArray table, NDArray ids, int[] idx) {
        int[] source = new int[table.rank()];
        source[0] = (int) at(ids, Arrays.copyOfRange(idx, 0, ids.rank()));
        System.arraycopy(idx, ids.rank(), source, 1, table.rank() - 1);
        return at(table, source);
    }

    /** out[ids[s..], d..] += src[s.., d..], for every source element in row-major order. */
    private static NDArray scatterAddRows(int[] shape, NDArray src, NDArray ids) {
        double[] out = new double[count(shape)];
        for (int[] idx : tuples(src.shape())) {
            int[] target = new int[shape.length];
            target[0] = (int) at(ids, Arrays.copyOfRange(idx, 0, ids.rank()));
            System.arraycopy(idx, ids.rank(), target, 1, shape.length - 1);
            out[flat(shape, target)] += at(src, idx);
        }
        return new NDArray(src.dtype(), shape, out);
    }

    /** out[s.., ids[s..]] += src[s..]. */
    private static NDArray scatterAddLast(int[] shape, NDArray src, NDArray ids) {
        double[] out = new double[count(shape)];
        for (int[] idx : tuples(src.shape())) {
            out[flat(shape, append(idx, (int) at(ids, idx)))] += at(src, idx);
        }
        return new NDArray(src.dtype(), shape, out);
    }

    private interface Element {
        double at(int[] idx);
    }

    private static NDArray fill(int[] shape, Element element) {
        double[] out = new double[count(shape)];
        for (int[] idx : tuples(shape)) {
            out[flat(shape, idx)] = element.at(idx);
        }
        return new NDArray(DType.F64, shape, out);
    }

    private static double at(NDArray a, int[] idx) {
        return a.get(flat(a.shape(), idx));
    }

    /** Row-major position of an index tuple. */
    private static int flat(int[] shape, int[] idx) {
        int position = 0;
        for (int a = 0; a < shape.length; a++) {
            if (idx[a] < 0 || idx[a] >= shape[a]) {
                throw new AssertionError("index " + Arrays.toString(idx) + " outside shape " + Arrays.toString(shape));
            }
            position = position * shape[a] + idx[a];
        }
        return position;
    }

    /** Every index tuple of a shape, in row-major order (one empty tuple for a scalar). */
    private static List<int[]> tuples(int[] shape) {
        List<int[]> out = new ArrayList<>();
        int[] idx = new int[shape.length];
        for (int n = count(shape); n > 0; n--) {
            out.add(idx.clone());
            for (int a = shape.length - 1; a >= 0 && ++idx[a] == shape[a]; a--) {
                idx[a] = 0;
            }
        }
        return out;
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static int[] shifted(int[] idx, int axis, int by) {
        int[] out = idx.clone();
        out[axis] += by;
        return out;
    }

    private static int[] append(int[] idx, int last) {
        int[] out = Arrays.copyOf(idx, idx.length + 1);
        out[idx.length] = last;
        return out;
    }

    private static void assertSame(NDArray expected, NDArray actual, String context) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw new AssertionError("shape " + Arrays.toString(actual.shape()) + ", the oracle says "
                    + Arrays.toString(expected.shape()) + ": " + context);
        }
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.get(i);
            double a = actual.get(i);
            if (e != a && !(Double.isNaN(e) && Double.isNaN(a))) {
                throw new AssertionError("element " + i + " is " + a + ", the oracle says " + e + ": " + context);
            }
        }
    }
}
