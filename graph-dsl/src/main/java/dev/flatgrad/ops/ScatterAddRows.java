package dev.flatgrad.ops;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Op;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Adjoint of {@link GatherRows}: {@code out[ids[s], ...] += src[s, ...]} into a zero table of {@code rows} rows. */
public final class ScatterAddRows implements Op {
    private final int rows;

    private ScatterAddRows(int rows) {
        this.rows = rows;
    }

    public static Node apply(Node src, Node ids, int rows) {
        Checks.requireFloating("scatter_add_rows", src);
        Checks.requireInt("scatter_add_rows", "ids", ids);
        if (rows < 1) {
            throw Checks.fail("scatter_add_rows", "the table needs at least one row, got " + rows);
        }
        boolean prefix = src.rank() >= ids.rank()
                && src.shape().dims().subList(0, ids.rank()).equals(ids.shape().dims());
        if (!prefix) {
            throw Checks.fail("scatter_add_rows", "source " + src.type() + " must start with the ids' shape " + ids.type());
        }
        List<Dim> dims = new ArrayList<>();
        dims.add(Dim.fixed(rows));
        dims.addAll(src.shape().dims().subList(ids.rank(), src.rank()));
        return src.graph().add(new ScatterAddRows(rows), List.of(src, ids), Shape.of(dims), src.dtype());
    }

    public int rows() {
        return rows;
    }

    @Override
    public String name() {
        return "scatter_add_rows";
    }

    @Override
    public String attributes() {
        return "rows=" + rows;
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        NDArray src = inputs.get(0);
        NDArray ids = inputs.get(1);
        int rowSize = ids.size() == 0 ? 0 : src.size() / ids.size();
        int[] shape = context.shapeOf(node);
        double[] out = new double[NDArray.size(shape)];
        for (int s = 0; s < ids.size(); s++) {
            int id = Ids.at(node, ids, s, rows);
            for (int j = 0; j < rowSize; j++) {
                out[id * rowSize + j] += src.get(s * rowSize + j);
            }
        }
        return new NDArray(node.dtype(), shape, out);
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        return Arrays.asList(g.gatherRows(node.input(1)), null);
    }

    /** Equal attributes, the same function: common-subexpression elimination merges nodes of equal ops. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ScatterAddRows s && s.rows == rows;
    }

    @Override
    public int hashCode() {
        return rows;
    }
}
