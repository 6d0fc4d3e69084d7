package dev.flatgrad.passes;

import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.interp.EvaluationException;
import dev.flatgrad.interp.NDArray;
import dev.flatgrad.ops.Binary;
import dev.flatgrad.ops.BroadcastTo;
import dev.flatgrad.ops.Compare;
import dev.flatgrad.ops.Constant;
import dev.flatgrad.ops.Reshape;
import dev.flatgrad.ops.Select;
import dev.flatgrad.ops.Slice;
import dev.flatgrad.ops.StopGradient;
import dev.flatgrad.ops.Transpose;
import dev.flatgrad.ops.Unary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Constant folding: a float node whose inputs are all constants becomes a constant, computed once here by the
 * op's own reference arithmetic, so in f64 its value is the interpreter's to the bit.
 *
 * <ul>
 *   <li>A pointwise op or a view over fills (e.g. {@code broadcast_to} of a scalar constant, the sum of two
 *       fills) is a fill of the node's shape, symbolic or not: every element is the op applied to the fills'
 *       values.</li>
 *   <li>Any other op over constants of static shape is evaluated, when neither operands nor result exceed
 *       {@link #MAX_ELEMENTS} elements (larger tables would cost class-file constants; they stay computed). The
 *       result is a fill when all its elements are equal, else a table of values.</li>
 * </ul>
 *
 * A folded f32 node is rounded to f32 as every f32 constant is; a node whose evaluation fails (an id out of
 * range) stays, so the error surfaces where it did.
 */
public final class ConstantFolding implements GraphPass {
    @Override
    public String name() {
        return "constant-folding";
    }

    @Override
    public String description() {
        return "constant folding: ops on constants become constants";
    }

    /** The largest operand or result folded by evaluation. */
    public static final int MAX_ELEMENTS = 1024;

    private static final EvalContext NO_BINDINGS = new EvalContext() {
        @Override
        public Map<String, Integer> dims() {
            return Map.of();
        }

        @Override
        public NDArray boundValue(Node leaf) {
            throw new IllegalStateException("constant folding reads no leaf, asked for " + leaf);
        }
    };

    @Override
    public Rewritten apply(Graph graph, List<Node> roots) {
        Rebuild r = new Rebuild(graph);
        for (Node n : graph.nodes()) {
            Node folded = fold(n, r.inputs(n), r.target());
            if (folded == null) {
                r.copy(n);
            } else {
                r.replace(n, folded);
            }
        }
        return r.finish();
    }

    private static Node fold(Node n, List<Node> inputs, Graph target) {
        if (inputs.isEmpty() || !n.dtype().isFloating() || !inputs.stream().allMatch(in -> in.op() instanceof Constant)) {
            return null;
        }
        OptionalDouble fill = overFills(n.op(), inputs);
        if (fill.isPresent()) {
            return target.add(Constant.fill(fill.getAsDouble(), n.dtype()), List.of(), n.shape(), n.dtype(), n);
        }
        NDArray value = evaluate(n, inputs);
        if (value == null) {
            return null;
        }
        double[] data = value.data();
        Constant folded = uniform(data) ? Constant.fill(data[0], n.dtype()) : Constant.values(data, n.dtype());
        return target.add(folded, List.of(), n.shape(), n.dtype(), n);
    }

    /** The value of a pointwise op or a view whose operands are all fills, as the interpreter computes it. */
    private static OptionalDouble overFills(Op op, List<Node> inputs) {
        double[] v = new double[inputs.size()];
        for (int i = 0; i < v.length; i++) {
            Constant c = (Constant) inputs.get(i).op();
            if (!c.isFill()) {
                return OptionalDouble.empty();
            }
            v[i] = c.fillValue();
        }
        if (op instanceof Unary u) {
            return OptionalDouble.of(u.apply(v[0]));
        }
        if (op instanceof Binary b) {
            return OptionalDouble.of(b.apply(v[0], v[1]));
        }
        if (op instanceof Compare c) {
            return OptionalDouble.of(c.test(v[0], v[1]) ? 1.0 : 0.0);
        }
        if (op instanceof Select) {
            return OptionalDouble.of(v[0] != 0 ? v[1] : v[2]);
        }
        boolean view = op instanceof BroadcastTo || op instanceof Reshape || op instanceof Transpose
                || op instanceof Slice || op instanceof StopGradient;
        return view ? OptionalDouble.of(v[0]) : OptionalDouble.empty();
    }

    /** The node's value from its constant operands, or null when it is too large, symbolic or fails. */
    private static NDArray evaluate(Node n, List<Node> inputs) {
        if (!small(n) || !inputs.stream().allMatch(ConstantFolding::small)) {
            return null;
        }
        List<NDArray> operands = new ArrayList<>();
        for (Node in : inputs) {
            operands.add(in.op().evaluate(in, List.of(), NO_BINDINGS));
        }
        try {
            return n.op().evaluate(n, operands, NO_BINDINGS);
        } catch (EvaluationException e) {
            return null;
        }
    }

    private static boolean small(Node n) {
        return n.shape().isStatic() && n.shape().maxElements() <= MAX_ELEMENTS;
    }

    private static boolean uniform(double[] data) {
        for (double d : data) {
            if (Double.compare(d, data[0]) != 0) {
                return false;
            }
        }
        return true;
    }
}
