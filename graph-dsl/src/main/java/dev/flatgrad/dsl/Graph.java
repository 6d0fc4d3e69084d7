package dev.flatgrad.dsl;

import dev.flatgrad.ops.Constant;
import dev.flatgrad.ops.Iota;
import dev.flatgrad.ops.Leaf;
import dev.flatgrad.ops.Numel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A static computation graph: an append-only list of immutable nodes in which every node's inputs
 * come before it, so node ids are a topological order. Autodiff appends the backward nodes to the
 * same graph. Params and inputs are leaves identified by unique names.
 *
 * <p>Nodes carry the path of the {@link #scope scopes} open when they were built, as JAX's name
 * stack does: {@code layer0/attn/softmax}. Composites open a scope named after themselves.
 */
public final class Graph {
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<String, Node> leavesByName = new LinkedHashMap<>();
    private final Set<String> usedScopes = new HashSet<>();
    private final Deque<Scope> openScopes = new ArrayDeque<>();
    private String scopePath = "";
    private CallSite siteOverride;

    // ---- leaves ----

    /** A trainable parameter of dtype f64. */
    public Node param(String name, int... dims) {
        return param(name, DType.F64, Shape.of(dims));
    }

    public Node param(String name, DType dtype, Shape shape) {
        requireFloating("param", name, dtype);
        return leaf(Leaf.param(), name, dtype, shape);
    }

    /** A value fed on each run (floats, or int ids). */
    public Node input(String name, DType dtype, Shape shape) {
        return leaf(Leaf.input(), name, dtype, shape);
    }

    public Node input(String name, DType dtype, Object... dims) {
        return input(name, dtype, Shape.ofAny(dims));
    }

    /** A scalar constant. */
    public Node constant(double value, DType dtype) {
        return add(Constant.scalar(value, dtype), List.of(), Shape.scalar(), dtype);
    }

    public Node constant(double value) {
        return constant(value, DType.F64);
    }

    /** A tensor filled with one value; its shape may be symbolic. */
    public Node full(double value, DType dtype, Shape shape) {
        return add(Constant.fill(value, dtype), List.of(), shape, dtype);
    }

    /** A constant tensor of the given row-major values and static shape. */
    public Node constant(double[] values, DType dtype, int... dims) {
        Shape shape = Shape.of(dims);
        if (values.length != shape.maxElements()) {
            throw new GraphBuildException("constant", values.length + " values do not fill shape " + shape, CallSite.capture());
        }
        return add(Constant.values(values, dtype), List.of(), shape, dtype);
    }

    /** {@code out[i0, i1, ...] = i_axis}: positions along one axis, as ints or floats. */
    public Node iota(Shape shape, int axis, DType dtype) {
        if (axis < 0 || axis >= shape.rank()) {
            throw new GraphBuildException("iota", "axis " + axis + " is out of range for shape " + shape, CallSite.capture());
        }
        return add(new Iota(axis), List.of(), shape, dtype);
    }

    /** The number of elements of {@code shape} at run time, as a float scalar. */
    public Node numel(Shape shape, DType dtype) {
        requireFloating("numel", "numel", dtype);
        return add(new Numel(shape), List.of(), Shape.scalar(), dtype);
    }

    /** A bounded symbolic dimension, e.g. {@code symbol("T", 16)} for a sequence of 1 to 16 tokens. */
    public Dim symbol(String name, int max) {
        return Dim.symbol(name, max);
    }

    // ---- scopes ----

    /**
     * Opens a scope: nodes built until it closes carry {@code name} (under the enclosing scopes) in
     * their path. Opening a name that was used before in the same enclosing scope gives a fresh
     * path ({@code rmsnorm}, then {@code rmsnorm_1}), so a path names one block of the model.
     * Use with try-with-resources: {@code try (Scope s = g.scope("layer0")) { ... }}.
     */
    public Scope scope(String name) {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new GraphBuildException("scope", "a scope name must be non-blank and without '/', got "
                    + (name == null ? "null" : "'" + name + "'"), CallSite.capture());
        }
        String base = scopePath.isEmpty() ? name : scopePath + "/" + name;
        String path = base;
        for (int i = 1; !usedScopes.add(path); i++) {
            path = base + "_" + i;
        }
        return enter(path, siteOverride);
    }

    /** Runs {@code body} inside {@link #scope scope(name)} and returns its result. */
    public <T> T scoped(String name, Supplier<T> body) {
        try (Scope s = scope(name)) {
            return body.get();
        }
    }

    /**
     * For graph transformations (autodiff, passes) that build nodes on behalf of others: until the
     * returned scope closes, new nodes get exactly this path and this call site (null: the caller's).
     */
    public Scope origin(String path, CallSite site) {
        return enter(path, site);
    }

    /** The path nodes built now would get; empty at the top level. */
    public String currentScope() {
        return scopePath;
    }

    private Scope enter(String path, CallSite site) {
        Scope scope = new Scope(this, path, scopePath, siteOverride);
        openScopes.push(scope);
        scopePath = path;
        siteOverride = site;
        return scope;
    }

    void exit(Scope scope) {
        if (openScopes.peek() != scope) {
            throw new IllegalStateException("scope '" + scope.path() + "' closed while '" + openScopes.peek().path()
                    + "' inside it is still open; close scopes innermost first (try-with-resources does)");
        }
        openScopes.pop();
        scopePath = scope.enclosingPath();
        siteOverride = scope.enclosingSite();
    }

    // ---- structure ----

    /**
     * Appends a node; called by op factories after they checked operands and inferred the shape.
     * Operands must belong to this graph.
     */
    public Node add(Op op, List<Node> inputs, Shape shape, DType dtype) {
        return append(op, inputs, shape, dtype, siteOverride != null ? siteOverride : CallSite.capture(), scopePath);
    }

    /**
     * As {@link #add(Op, List, Shape, DType)}, in place of {@code origin} (a node of any graph): the new node
     * takes its call site and scope, so graph passes keep printed graphs, errors and kernels pointing to the
     * user's line and block.
     */
    public Node add(Op op, List<Node> inputs, Shape shape, DType dtype, Node origin) {
        return append(op, inputs, shape, dtype, origin.site(), origin.scope());
    }

    private Node append(Op op, List<Node> inputs, Shape shape, DType dtype, CallSite site, String scope) {
        for (Node in : inputs) {
            if (in.graph() != this) {
                throw new GraphBuildException(op.name(), "operand " + in.ref() + " belongs to another graph", site);
            }
        }
        Node node = new Node(this, nodes.size(), op, inputs, shape, dtype, site, scope);
        nodes.add(node);
        return node;
    }

    /**
     * A copy of {@code original}, a node of another graph, reading {@code inputs} of this graph instead of its
     * own: the same op, shape, dtype, call site, scope and name; a param or input becomes a leaf of this graph under
     * its name. The caller vouches that the inputs have the types the op needs (no op factory checks them
     * again). Graph passes rebuild graphs with it.
     */
    public Node copy(Node original, List<Node> inputs) {
        String name = original.name();
        if (original.op() instanceof Leaf) {
            requireUnusedLeafName(original.op(), name, original.site());
        }
        Node node = add(original.op(), inputs, original.shape(), original.dtype(), original);
        if (name != null) {
            names.put(node.id(), name);
        }
        if (original.op() instanceof Leaf) {
            leavesByName.put(name, node);
        }
        return node;
    }

    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    public int size() {
        return nodes.size();
    }

    /** Params and inputs in creation order. */
    public List<Node> leaves() {
        return List.copyOf(leavesByName.values());
    }

    public List<Node> params() {
        return leavesByName.values().stream().filter(n -> n.op() == Leaf.param()).toList();
    }

    public List<Node> inputs() {
        return leavesByName.values().stream().filter(n -> n.op() == Leaf.input()).toList();
    }

    public Optional<Node> leaf(String name) {
        return Optional.ofNullable(leavesByName.get(name));
    }

    String nameOf(Node node) {
        return names.get(node.id());
    }

    void name(Node node, String name) {
        CallSite site = CallSite.capture();
        if (name == null || name.isBlank()) {
            throw new GraphBuildException("named", "a name must not be blank", site);
        }
        String old = names.get(node.id());
        if (old != null && !old.equals(name)) {
            throw new GraphBuildException("named", node.ref() + " is already named '" + old + "', cannot rename it to '" + name + "'", site);
        }
        names.put(node.id(), name);
    }

    @Override
    public String toString() {
        return dev.flatgrad.print.GraphPrinter.print(this);
    }

    private Node leaf(Leaf op, String name, DType dtype, Shape shape) {
        CallSite site = CallSite.capture();
        if (name == null || name.isBlank()) {
            throw new GraphBuildException(op.name(), "a " + op.name() + " needs a non-blank name", site);
        }
        requireUnusedLeafName(op, name, site);
        Node node = append(op, List.of(), shape, dtype, siteOverride != null ? siteOverride : site, scopePath);
        names.put(node.id(), name);
        leavesByName.put(name, node);
        return node;
    }

    private void requireUnusedLeafName(Op op, String name, CallSite site) {
        Node existing = leavesByName.get(name);
        if (existing != null) {
            throw new GraphBuildException(op.name(), "the name '" + name + "' is already used by " + existing.ref()
                    + " created at " + existing.site(), site);
        }
    }

    private static void requireFloating(String op, String name, DType dtype) {
        if (!dtype.isFloating()) {
            throw new GraphBuildException(op, "'" + name + "' must be f64 or f32, got " + dtype, CallSite.capture());
        }
    }
}
