package dev.flatgrad.dsl;

import dev.flatgrad.ops.Binary;
import dev.flatgrad.ops.BroadcastTo;
import dev.flatgrad.ops.Compare;
import dev.flatgrad.ops.Concat;
import dev.flatgrad.ops.GatherLast;
import dev.flatgrad.ops.GatherRows;
import dev.flatgrad.ops.Matmul;
import dev.flatgrad.ops.Reduce;
import dev.flatgrad.ops.Reshape;
import dev.flatgrad.ops.ScatterAddLast;
import dev.flatgrad.ops.ScatterAddRows;
import dev.flatgrad.ops.Select;
import dev.flatgrad.ops.Slice;
import dev.flatgrad.ops.StopGradient;
import dev.flatgrad.ops.Transpose;
import dev.flatgrad.ops.Unary;
import java.util.List;

/**
 * A value in a graph: the result of one op applied to earlier nodes. Nodes are immutable and carry
 * a static shape, a dtype and the user's call site; the fluent methods below build new nodes in the
 * same graph. Binary ops broadcast numpy-style by inserting explicit {@code broadcast_to} nodes.
 */
public final class Node {
    private final Graph graph;
    private final int id;
    private final Op op;
    private final List<Node> inputs;
    private final Shape shape;
    private final DType dtype;
    private final CallSite site;
    private final String scope;

    Node(Graph graph, int id, Op op, List<Node> inputs, Shape shape, DType dtype, CallSite site, String scope) {
        this.graph = graph;
        this.id = id;
        this.op = op;
        this.inputs = List.copyOf(inputs);
        this.shape = shape;
        this.dtype = dtype;
        this.site = site;
        this.scope = scope;
    }

    public Graph graph() {
        return graph;
    }

    public int id() {
        return id;
    }

    public Op op() {
        return op;
    }

    public List<Node> inputs() {
        return inputs;
    }

    public Node input(int i) {
        return inputs.get(i);
    }

    public Shape shape() {
        return shape;
    }

    public int rank() {
        return shape.rank();
    }

    public DType dtype() {
        return dtype;
    }

    public CallSite site() {
        return site;
    }

    /**
     * The scope the node was built in, e.g. {@code layer0/attn/softmax}: the names of the enclosing
     * {@link Graph#scope} blocks and composites, outermost first; empty at the top level.
     */
    public String scope() {
        return scope;
    }

    /** The scope and the op, e.g. {@code layer0/attn/softmax/exp}; the op alone at the top level. */
    public String path() {
        return scope.isEmpty() ? op.name() : scope + "/" + op.name();
    }

    /** The user's name for this node, or null. */
    public String name() {
        return graph.nameOf(this);
    }

    /** Gives this node a name (once); names appear in printed graphs, errors and generated code. */
    public Node named(String name) {
        graph.name(this, name);
        return this;
    }

    /** {@code %id:f64[3,4]}: how the node is referred to in printed graphs and messages. */
    public String ref() {
        return "%" + id + ":" + type();
    }

    /** {@code f64[3,4]}. */
    public String type() {
        return dtype + shape.toString();
    }

    // ---- elementwise unary ----
    public Node neg() { return Unary.apply(Unary.Kind.NEG, this); }
    public Node exp() { return Unary.apply(Unary.Kind.EXP, this); }
    public Node log() { return Unary.apply(Unary.Kind.LOG, this); }
    public Node sqrt() { return Unary.apply(Unary.Kind.SQRT, this); }
    public Node rsqrt() { return Unary.apply(Unary.Kind.RSQRT, this); }
    public Node relu() { return Unary.apply(Unary.Kind.RELU, this); }
    public Node pow(double exponent) { return Unary.pow(this, exponent); }
    public Node square() { return Unary.pow(this, 2); }
    public Node stopGradient() { return StopGradient.apply(this); }

    // ---- elementwise binary, broadcasting ----
    public Node add(Node other) { return Binary.apply(Binary.Kind.ADD, this, other); }
    public Node sub(Node other) { return Binary.apply(Binary.Kind.SUB, this, other); }
    public Node mul(Node other) { return Binary.apply(Binary.Kind.MUL, this, other); }
    public Node div(Node other) { return Binary.apply(Binary.Kind.DIV, this, other); }
    public Node maximum(Node other) { return Binary.apply(Binary.Kind.MAXIMUM, this, other); }
    public Node add(double c) { return add(graph.constant(c, dtype)); }
    public Node sub(double c) { return sub(graph.constant(c, dtype)); }
    public Node mul(double c) { return mul(graph.constant(c, dtype)); }
    public Node div(double c) { return div(graph.constant(c, dtype)); }

    // ---- comparison and selection ----
    public Node lt(Node other) { return Compare.apply(Compare.Kind.LT, this, other); }
    public Node le(Node other) { return Compare.apply(Compare.Kind.LE, this, other); }
    public Node gt(Node other) { return Compare.apply(Compare.Kind.GT, this, other); }
    public Node ge(Node other) { return Compare.apply(Compare.Kind.GE, this, other); }
    public Node eq(Node other) { return Compare.apply(Compare.Kind.EQ, this, other); }
    public Node gt(double c) { return gt(graph.constant(c, dtype)); }

    /** {@code this != 0 ? ifTrue : ifFalse}, elementwise, where this is a 0/1 mask from a comparison. */
    public Node select(Node ifTrue, Node ifFalse) { return Select.apply(this, ifTrue, ifFalse); }

    // ---- reductions ----
    public Node sum(int axis, boolean keepDims) { return Reduce.apply(Reduce.Kind.SUM, this, axis, keepDims); }
    public Node max(int axis, boolean keepDims) { return Reduce.apply(Reduce.Kind.MAX, this, axis, keepDims); }

    /** Sum of every element, as a scalar. */
    public Node sum() {
        Node x = this;
        while (x.rank() > 0) {
            x = x.sum(x.rank() - 1, false);
        }
        return x;
    }

    /**
     * Mean of every element, as a scalar, over the run-time element count: {@code (1/n) * sum}, the
     * order of operations microgpt.py uses.
     */
    public Node mean() {
        Node reciprocal = graph.constant(1, dtype).div(graph.numel(shape, dtype));
        return reciprocal.mul(sum());
    }

    // ---- linear algebra and layout ----
    public Node matmul(Node other) { return Matmul.apply(this, other); }
    public Node transpose() { return Transpose.swapLastTwo(this); }
    public Node permute(int... axes) { return Transpose.apply(this, axes); }
    public Node reshape(Shape target) { return Reshape.apply(this, target); }
    public Node reshape(Object... dims) { return Reshape.apply(this, Shape.ofAny(dims)); }
    public Node broadcastTo(Shape target) { return BroadcastTo.apply(this, target); }
    public Node slice(int axis, int start, int end) { return Slice.apply(this, axis, start, end); }
    public Node concat(int axis, Node... others) { return Concat.apply(axis, this, others); }

    // ---- indexing ----
    /** Rows of this table picked by int ids: {@code [V, D...]} by {@code ids[S...]} gives {@code [S..., D...]}. */
    public Node gatherRows(Node ids) { return GatherRows.apply(this, ids); }

    /** {@code out[s] = this[s, ids[s]]}: one element of the last axis per leading position. */
    public Node gatherLast(Node ids) { return GatherLast.apply(this, ids); }

    /** Adjoint of {@link #gatherRows}: rows of this added into a zero table of {@code rows} rows at ids. */
    public Node scatterAddRows(Node ids, int rows) { return ScatterAddRows.apply(this, ids, rows); }

    /** Adjoint of {@link #gatherLast}: each element added at {@code ids[s]} of a new last axis of size {@code size}. */
    public Node scatterAddLast(Node ids, int size) { return ScatterAddLast.apply(this, ids, size); }

    @Override
    public String toString() {
        String name = name();
        return ref() + " " + op.name() + (name == null ? "" : " '" + name + "'");
    }
}
