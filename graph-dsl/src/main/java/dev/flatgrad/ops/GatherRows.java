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

/** Embedding lookup: {@code table[V, D...]} rows picked by {@code ids[S...]} give {@code [S..., D...]}. */
public final class GatherRows implements Op {
    private static final GatherRows INSTANCE = new GatherRows();

    public static Node apply(Node table, Node ids) {
        Checks.requireInt("gather_rows", "ids", ids);
        if (table.rank() < 1) {
            throw Checks.fail("gather_rows", "the table needs rank 1 or more, got " + table.type());
        }
        if (table.shape().dim(0).isSymbolic()) {
            throw Checks.fail("gather_rows", "the table's row axis must be fixed, got " + table.type());
        }
        List<Dim> dims = new ArrayList<>(ids.shape().dims());
        dims.addAll(table.shape().dims().subList(1, table.rank()));
        return table.graph().add(INSTANCE, List.of(table, ids), Shape.of(dims), table.dtype());
    }

    @Override
    public String name() {
        return "gather_rows";
    }

    @Override
    public NDArray evaluate(Node node, List<NDArray> inputs, EvalContext context) {
        NDArray table = inputs.get(0);
        NDArray ids = inputs.get(1);
        int rows = table.dim(0);
        int rowSize = table.size() / rows;
        double[] out = new double[ids.size() * rowSize];
        for (int s = 0; s < ids.size(); s++) {
            int id = Ids.at(node, ids, s, rows);
            System.arraycopy(table.data(), id * rowSize, out, s * rowSize, rowSize);
        }
        return new NDArray(node.dtype(), context.shapeOf(node), out);
    }

    @Override
    public List<Node> vjp(Node node, Node g, boolean[] needed) {
        Node table = node.input(0);
        return Arrays.asList(g.scatterAddRows(node.input(1), table.shape().dim(0).max()), null);
    }
}
