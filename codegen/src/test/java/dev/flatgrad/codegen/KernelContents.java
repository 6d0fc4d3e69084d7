package dev.flatgrad.codegen;

import dev.flatgrad.codegen.emission.ProgramEmitter;
import dev.flatgrad.codegen.lowering.NodeKind;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks on what each generated kernel computes. Fusing a producer into its consumer's loop is only
 * free when that is the producer's one consumer: a value several kernels need must be materialized
 * once, not recomputed in each of them.
 */
public final class KernelContents {
    private KernelContents() {
    }

    /**
     * No node with arithmetic of its own (pointwise or loop-nest ops; views, leaves and constants
     * cost nothing) is computed by two kernels of the spec's program.
     */
    public static void assertNoNodeComputedTwice(ProgramSpec spec, String context) {
        Map<Node, List<Node>> kernelsOf = new LinkedHashMap<>();
        ProgramEmitter.kernelContents(spec).forEach((root, computed) -> {
            for (Node n : computed) {
                if (hasArithmetic(n)) {
                    kernelsOf.computeIfAbsent(n, k -> new ArrayList<>()).add(root);
                }
            }
        });
        StringBuilder twice = new StringBuilder();
        kernelsOf.forEach((n, roots) -> {
            if (roots.size() > 1) {
                twice.append("\n  ").append(n).append(" (").append(n.site()).append(") in the kernels of ").append(roots);
            }
        });
        if (twice.length() > 0) {
            throw new AssertionError("nodes computed by more than one kernel:" + twice + "\n" + context);
        }
    }

    private static boolean hasArithmetic(Node n) {
        NodeKind kind = NodeKind.of(n);
        return kind == NodeKind.POINTWISE || kind == NodeKind.KERNEL;
    }
}
