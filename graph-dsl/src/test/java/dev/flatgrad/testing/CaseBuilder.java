package dev.flatgrad.testing;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.dsl.Shape;
import dev.flatgrad.interp.Bindings;
import dev.flatgrad.interp.Interpreter;
import dev.flatgrad.interp.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Builds one {@link GeneratedCase}: a fresh graph, its leaves with sampled values, and the scalar
 * loss. Structure comes from {@link Choices} (shrinkable); values come from a seed. When allowed,
 * the builder may declare one symbolic dimension {@code T} that generators put into shapes; leaf
 * values are then sampled at {@code T}'s maximum and restricted for smaller sizes.
 */
public final class CaseBuilder {
    /** Name of the input holding the random weights that contract a non-scalar output into the loss. */
    public static final String WEIGHTS = "w";

    private static final int MAX_RESAMPLES = 200;

    private record Group(Domain domain, List<Node> leaves) {
    }

    private record Requirement(Node node, String what, Predicate<NDArray> holds) {
    }

    private final String label;
    private final Graph graph = new Graph();
    private final Choices choices;
    private final SplittableRandom random;
    private final Dim symbol;
    private final int size;
    private final List<Group> groups = new ArrayList<>();
    private final Map<Node, NDArray> values = new LinkedHashMap<>();
    private final List<Node> params = new ArrayList<>();
    private final List<Requirement> requirements = new ArrayList<>();
    private final List<Node> extras = new ArrayList<>();
    private int inputCount;

    private CaseBuilder(String label, Choices choices, long valueSeed, Dim symbol, int size) {
        this.label = label;
        this.choices = choices;
        this.random = new SplittableRandom(valueSeed);
        this.symbol = symbol;
        this.size = size;
    }

    /**
     * Starts a case. With {@code allowSymbol}, a choice decides whether the case has a symbolic
     * dimension {@code T} (maximum 2 to 4) and at which size it is checked by default.
     */
    public static CaseBuilder start(String label, Choices choices, long valueSeed, boolean allowSymbol) {
        return start(label, choices, valueSeed, allowSymbol, 4);
    }

    /** As {@link #start(String, Choices, long, boolean)}, with {@code T}'s maximum drawn from 2 to {@code maxLength}. */
    public static CaseBuilder start(String label, Choices choices, long valueSeed, boolean allowSymbol, int maxLength) {
        if (allowSymbol && choices.nextBoolean()) {
            Dim t = Dim.symbol("T", choices.between(2, maxLength));
            return new CaseBuilder(label, choices, valueSeed, t, choices.between(1, t.max()));
        }
        return new CaseBuilder(label, choices, valueSeed, null, 0);
    }

    public Choices choices() {
        return choices;
    }

    public Graph graph() {
        return graph;
    }

    /** The symbolic dimension generators should use, or null for a static case. */
    public Dim symbol() {
        return symbol;
    }

    /** A param (a gradient target) named {@code p0, p1, ...}. */
    public Node param(Shape shape, Domain domain) {
        return param("p" + params.size(), shape, domain);
    }

    public Node param(String name, Shape shape, Domain domain) {
        return params(domain, List.of(name), List.of(shape)).get(0);
    }

    /** Params whose values are sampled together, so a joint domain (e.g. distinct) holds across all of them. */
    public List<Node> params(Domain domain, Shape... shapes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < shapes.length; i++) {
            names.add("p" + (params.size() + i));
        }
        return params(domain, names, List.of(shapes));
    }

    /** A fed input, not a gradient target: floats named {@code x0, ...}, ids (i32 domains) {@code ids0, ...}. */
    public Node input(Shape shape, Domain domain) {
        String prefix = domain.dtype().isFloating() ? "x" : "ids";
        return input(prefix + inputCount, shape, domain);
    }

    public Node input(String name, Shape shape, Domain domain) {
        inputCount++;
        Node leaf = graph.input(name, domain.dtype(), shape);
        addGroup(domain, List.of(leaf));
        return leaf;
    }

    /**
     * An input the loss does not read but that stays bound in the case, for graphs built on it
     * later, e.g. the direction {@code v} of a Hessian-vector product.
     */
    public Node extraInput(String name, Shape shape, Domain domain) {
        Node leaf = input(name, shape, domain);
        extras.add(leaf);
        return leaf;
    }

    /**
     * Demands that {@code node}'s value satisfy {@code holds} at every size of the symbol (e.g. a
     * relu input inside a composite stays away from 0); values are resampled until it does.
     */
    public void require(Node node, String what, Predicate<NDArray> holds) {
        requirements.add(new Requirement(node, what, holds));
    }

    /** The node's value at each size the case can take (one value for a static case), under the current samples. */
    public List<NDArray> valuesAtEverySize(Node node) {
        List<NDArray> out = new ArrayList<>();
        for (int s : sizes()) {
            out.add(Interpreter.evaluate(node, bindingsAt(s)));
        }
        return out;
    }

    /** Contracts {@code out} with random nonzero weights, {@code sum(out * w)}, so every element reaches the loss. */
    public GeneratedCase finish(Node out) {
        Node w = input(WEIGHTS, out.shape(), Domain.signed(0.5, 1.5));
        return finish(out.mul(w).sum(), w);
    }

    /** Uses {@code loss} (a float scalar) as it is. */
    public GeneratedCase finishScalar(Node loss) {
        return finish(loss, null);
    }

    private GeneratedCase finish(Node loss, Node weights) {
        if (!loss.shape().isScalar()) {
            throw new IllegalArgumentException(label + ": the loss must be a scalar, got " + loss.type());
        }
        satisfyRequirements();
        boolean[] used = dependencies(loss);
        boolean[] bound = used.clone();
        extras.forEach(leaf -> bound[leaf.id()] = true);
        List<Node> forward = new ArrayList<>();
        boolean symbolUsed = false;
        for (int id = 0; id <= loss.id(); id++) {
            if (used[id]) {
                Node n = graph.node(id);
                forward.add(n);
                symbolUsed |= symbol != null && n.shape().symbols().contains(symbol);
            }
        }
        Map<Node, NDArray> leafValues = new LinkedHashMap<>();
        values.forEach((leaf, value) -> {
            if (bound[leaf.id()]) {
                leafValues.put(leaf, value);
            }
        });
        List<Node> usedParams = params.stream().filter(p -> used[p.id()]).toList();
        return new GeneratedCase(label, loss, usedParams, weights, forward, leafValues,
                symbolUsed ? symbol : null, symbolUsed ? size : 0);
    }

    private List<Node> params(Domain domain, List<String> names, List<Shape> shapes) {
        if (!domain.dtype().isFloating()) {
            throw new IllegalArgumentException("params are floats; " + domain + " makes ids");
        }
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(graph.param(names.get(i), domain.dtype(), shapes.get(i)));
        }
        params.addAll(out);
        addGroup(domain, out);
        return out;
    }

    private void addGroup(Domain domain, List<Node> leaves) {
        Group group = new Group(domain, leaves);
        groups.add(group);
        sample(group);
    }

    private void sample(Group group) {
        int total = 0;
        for (Node leaf : group.leaves()) {
            total += (int) leaf.shape().maxElements();
        }
        double[] all = group.domain().sample(total, random);
        int offset = 0;
        for (Node leaf : group.leaves()) {
            int[] shape = maxShape(leaf.shape());
            int n = NDArray.size(shape);
            double[] data = new double[n];
            System.arraycopy(all, offset, data, 0, n);
            offset += n;
            values.put(leaf, new NDArray(group.domain().dtype(), shape, data));
        }
    }

    private void satisfyRequirements() {
        for (int attempt = 0; ; attempt++) {
            Requirement broken = firstBroken();
            if (broken == null) {
                return;
            }
            if (attempt == MAX_RESAMPLES) {
                throw new IllegalStateException(label + ": found no values where " + broken.what() + " after "
                        + MAX_RESAMPLES + " samples");
            }
            groups.forEach(this::sample);
        }
    }

    private Requirement firstBroken() {
        for (Requirement r : requirements) {
            for (NDArray v : valuesAtEverySize(r.node())) {
                if (!r.holds().test(v)) {
                    return r;
                }
            }
        }
        return null;
    }

    private Bindings bindingsAt(int s) {
        Bindings b = new Bindings();
        values.forEach((leaf, full) -> b.bind(leaf.name(), SymbolicValues.restrict(full, leaf.shape(), symbol, s)));
        if (symbol != null) {
            b.dim(symbol.symbol(), s);
        }
        return b;
    }

    private List<Integer> sizes() {
        List<Integer> out = new ArrayList<>();
        if (symbol == null) {
            out.add(0);
        } else {
            for (int s = 1; s <= symbol.max(); s++) {
                out.add(s);
            }
        }
        return out;
    }

    private int[] maxShape(Shape shape) {
        return shape.resolve(symbol == null ? Map.of() : Map.of(symbol.symbol(), symbol.max()));
    }

    /** Which nodes of the graph (indexed by id) the loss depends on, itself included. */
    private boolean[] dependencies(Node loss) {
        boolean[] used = new boolean[graph.size()];
        used[loss.id()] = true;
        for (int id = loss.id(); id >= 0; id--) {
            if (used[id]) {
                for (Node in : graph.node(id).inputs()) {
                    used[in.id()] = true;
                }
            }
        }
        return used;
    }
}
