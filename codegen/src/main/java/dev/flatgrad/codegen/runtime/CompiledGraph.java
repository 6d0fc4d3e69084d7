package dev.flatgrad.codegen.runtime;

import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import dev.flatgrad.ops.Leaf;
import dev.flatgrad.passes.Passes;
import dev.flatgrad.passes.Rewritten;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The graph a program is generated from, with the spec's outputs, loss, trained params and gradients found in it.
 * With graph passes on (the default) it is what {@link Passes#optimize} makes of the spec's graph once autodiff has
 * appended the backward nodes, so forward and backward simplify together and, in f64, no value changes by a bit.
 * With passes off it is the spec's graph itself.
 *
 * <p>Every gradient gets a buffer of its own. A gradient that is a param or input ({@code d(p·q)/dp} is {@code q}
 * once the passes remove {@code ·1}), an output, or another param's gradient is read through a
 * {@code stop_gradient}, a view the lowering computes into the gradient's buffer: so the optimizer never reads a
 * gradient from a buffer it updates, and data-parallel training sums each gradient once.
 */
public record CompiledGraph(Graph graph, Map<String, Node> outputs, Node loss, List<Node> trained, List<Node> gradients) {
    /**
     * The compiled graph; {@code stages} receives the graph after each pass that changed it, and the compiled graph
     * when giving gradients their own buffers added nodes to it.
     */
    static CompiledGraph of(Graph graph, Map<String, Node> outputs, Node loss, List<Node> trained, List<Node> gradients,
            boolean optimize, Consumer<IrStage> stages) {
        Graph base = graph;
        Map<String, Node> baseOutputs = outputs;
        Node baseLoss = loss;
        List<Node> baseTrained = trained;
        List<Node> baseGradients = gradients;
        if (optimize) {
            List<Node> roots = new ArrayList<>(outputs.values());
            roots.addAll(gradients);
            Rewritten r = Passes.optimize(graph, roots, (round, pass, step) -> {
                if (step.changed()) {
                    stages.accept(new IrStage(pass.name() + (round == 1 ? "" : "-" + round), pass.description()
                            + (round == 1 ? "" : " (round " + round + ")") + ": " + step.source().size() + " -> "
                            + step.graph().size() + " nodes", step.graph().nodes()));
                }
            });
            base = r.graph();
            baseOutputs = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : outputs.entrySet()) {
                baseOutputs.put(e.getKey(), r.get(e.getValue()));
            }
            baseLoss = loss == null ? null : r.get(loss);
            baseTrained = r.get(trained);
            baseGradients = r.get(gradients);
        }
        int size = base.size();
        CompiledGraph compiled = withOwnGradients(base, baseOutputs, baseLoss, baseTrained, baseGradients);
        if (compiled.graph().size() > size) {
            stages.accept(new IrStage("compiled", "the graph the code is generated from: every gradient reads from a"
                    + " buffer of its own", compiled.graph().nodes()));
        }
        return compiled;
    }

    private static CompiledGraph withOwnGradients(Graph graph, Map<String, Node> outputs, Node loss, List<Node> trained,
            List<Node> gradients) {
        Set<Node> taken = new HashSet<>(outputs.values());
        List<Node> own = new ArrayList<>();
        for (Node g : gradients) {
            Node mine = g.op() instanceof Leaf || !taken.add(g) ? g.stopGradient() : g;
            taken.add(mine);
            own.add(mine);
        }
        return new CompiledGraph(graph, Collections.unmodifiableMap(outputs), loss, List.copyOf(trained), List.copyOf(own));
    }
}
