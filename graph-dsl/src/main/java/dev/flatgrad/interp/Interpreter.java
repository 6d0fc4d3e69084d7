package dev.flatgrad.interp;

import dev.flatgrad.dsl.Dim;
import dev.flatgrad.dsl.EvalContext;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.Leaf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The reference interpreter: evaluates any nodes of a graph in f64 with plain loops, given bound
 * params, inputs and symbolic sizes. It is slow on purpose and is the oracle for everything else.
 */
public final class Interpreter {
    private Interpreter() {
    }

    /** Values of {@code outputs}, in order. Only the nodes they depend on are evaluated. */
    public static List<NDArray> evaluate(Bindings bindings, List<Node> outputs) {
        if (outputs.isEmpty()) {
            return List.of();
        }
        Graph graph = outputs.get(0).graph();
        for (Node out : outputs) {
            if (out.graph() != graph) {
                throw new EvaluationException("evaluate: the requested nodes belong to different graphs");
            }
        }
        checkNamesKnown(graph, bindings);
        boolean[] needed = neededNodes(graph, outputs);
        Context context = new Context(bindings);
        NDArray[] values = new NDArray[graph.size()];
        for (int id = 0; id < graph.size(); id++) {
            if (!needed[id]) {
                continue;
            }
            Node node = graph.node(id);
            context.checkDims(node);
            List<NDArray> args = new ArrayList<>(node.inputs().size());
            for (Node in : node.inputs()) {
                args.add(values[in.id()]);
            }
            values[id] = node.op().evaluate(node, args, context);
        }
        List<NDArray> result = new ArrayList<>();
        for (Node out : outputs) {
            result.add(values[out.id()].copy());
        }
        return result;
    }

    public static List<NDArray> evaluate(Bindings bindings, Node... outputs) {
        return evaluate(bindings, Arrays.asList(outputs));
    }

    /** The value of one node. */
    public static NDArray evaluate(Node output, Bindings bindings) {
        return evaluate(bindings, List.of(output)).get(0);
    }

    private static boolean[] neededNodes(Graph graph, List<Node> outputs) {
        boolean[] needed = new boolean[graph.size()];
        for (Node out : outputs) {
            needed[out.id()] = true;
        }
        for (int id = graph.size() - 1; id >= 0; id--) {
            if (needed[id]) {
                for (Node in : graph.node(id).inputs()) {
                    needed[in.id()] = true;
                }
            }
        }
        return needed;
    }

    private static void checkNamesKnown(Graph graph, Bindings bindings) {
        for (String name : bindings.values().keySet()) {
            if (graph.leaf(name).isEmpty()) {
                TreeSet<String> known = new TreeSet<>();
                graph.leaves().forEach(n -> known.add(n.name()));
                throw new EvaluationException("bind: the graph has no param or input named '" + name + "'; it has " + known);
            }
        }
    }

    private static final class Context implements EvalContext {
        private final Bindings bindings;

        Context(Bindings bindings) {
            this.bindings = bindings;
        }

        @Override
        public Map<String, Integer> dims() {
            return bindings.dims();
        }

        void checkDims(Node node) {
            for (Dim d : node.shape().symbols()) {
                Integer size = bindings.dims().get(d.symbol());
                if (size == null) {
                    throw EvaluationException.at(node, "symbolic dimension " + d.symbol() + " is not bound; call dim(\""
                            + d.symbol() + "\", n) with 1 <= n <= " + d.max());
                }
                if (size < 1 || size > d.max()) {
                    throw EvaluationException.at(node, "symbolic dimension " + d.symbol() + " = " + size
                            + " is outside [1, " + d.max() + "]");
                }
            }
        }

        @Override
        public NDArray boundValue(Node leaf) {
            String kind = Leaf.isParam(leaf) ? "param" : "input";
            NDArray value = bindings.get(leaf.name());
            if (value == null) {
                throw EvaluationException.at(leaf, kind + " '" + leaf.name() + "' is not bound");
            }
            if (value.dtype().isFloating() != leaf.dtype().isFloating()) {
                throw EvaluationException.at(leaf, kind + " '" + leaf.name() + "' expects " + leaf.dtype()
                        + " values, got " + value.dtype());
            }
            int[] expected = shapeOf(leaf);
            if (!Arrays.equals(expected, value.shape())) {
                throw EvaluationException.at(leaf, kind + " '" + leaf.name() + "' expects shape " + Arrays.toString(expected)
                        + ", got " + Arrays.toString(value.shape()));
            }
            double[] data = value.data();
            for (int i = 0; i < data.length; i++) {
                if (!Double.isFinite(data[i])) {
                    throw EvaluationException.at(leaf, kind + " '" + leaf.name() + "' holds " + data[i] + " at index " + i);
                }
            }
            return value;
        }
    }
}
