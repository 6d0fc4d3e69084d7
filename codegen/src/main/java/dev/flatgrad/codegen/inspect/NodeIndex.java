package dev.flatgrad.codegen.inspect;

import dev.flatgrad.codegen.emission.EmittedKernel;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.CompiledGraph;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which nodes of the compiled graph (after the graph passes) a program runs and where: the forward nodes (what
 * the outputs and the loss need), the
 * backward nodes (what the gradients need besides), the kernels computing each node, and the nodes each line of
 * the user's source built.
 */
final class NodeIndex {
    private final List<Node> forward;
    private final List<Node> backward;
    private final boolean[] shown;
    private final Map<Integer, List<EmittedKernel>> kernelsOf = new LinkedHashMap<>();
    private final Map<String, List<Node>> nodesOfLine = new LinkedHashMap<>();

    NodeIndex(Program program) {
        CompiledGraph spec = program.spec().compiledGraph();
        Graph graph = spec.graph();
        List<Node> forwardRoots = new ArrayList<>(spec.outputs().values());
        if (spec.loss() != null) {
            forwardRoots.add(spec.loss());
        }
        boolean[] inForward = ancestors(forwardRoots, new boolean[graph.size()]);
        boolean[] inBackward = ancestors(spec.gradients(), inForward.clone());
        this.shown = inBackward;
        this.forward = new ArrayList<>();
        this.backward = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (inForward[n.id()]) {
                forward.add(n);
            } else if (inBackward[n.id()]) {
                backward.add(n);
            }
        }
        for (EmittedKernel k : program.kernels()) {
            for (int id : k.nodeIds()) {
                kernelsOf.computeIfAbsent(id, x -> new ArrayList<>()).add(k);
            }
        }
        for (List<Node> part : List.of(forward, backward)) {
            for (Node n : part) {
                nodesOfLine.computeIfAbsent(lineKey(n.site().file(), n.site().line()), x -> new ArrayList<>()).add(n);
            }
        }
    }

    /** Marks every node the roots depend on in {@code marked} (whose marked nodes are not walked again) and returns it. */
    private static boolean[] ancestors(Collection<Node> roots, boolean[] marked) {
        List<Node> stack = new ArrayList<>(roots);
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            if (!marked[n.id()]) {
                marked[n.id()] = true;
                stack.addAll(n.inputs());
            }
        }
        return marked;
    }

    List<Node> forward() {
        return forward;
    }

    List<Node> backward() {
        return backward;
    }

    /** Whether the node is in the forward or the backward graph, so the page has its anchor. */
    boolean listed(int id) {
        return id >= 0 && id < shown.length && shown[id];
    }

    List<EmittedKernel> kernelsOf(Node n) {
        return kernelsOf.getOrDefault(n.id(), List.of());
    }

    List<Node> nodesOfLine(String file, int line) {
        return nodesOfLine.getOrDefault(lineKey(file, line), List.of());
    }

    private static String lineKey(String file, int line) {
        return file + ":" + line;
    }
}
