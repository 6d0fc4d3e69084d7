package dev.flatgrad.codegen.inspect;

import dev.flatgrad.codegen.emission.EmittedKernel;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lowering plan in words: which nodes share a kernel (one generated method, one loop nest) and which
 * get a buffer. A kernel writes its root node into a buffer field; the other nodes it lists are fused
 * into its loop and have no buffer of their own. A node fused into several kernels is recomputed in each.
 */
public final class LoweringReport {
    private LoweringReport() {
    }

    public static String text(String className, Graph graph, List<EmittedKernel> kernels) {
        StringBuilder sb = new StringBuilder();
        Map<String, Integer> perPass = new LinkedHashMap<>();
        kernels.forEach(k -> perPass.merge(k.pass(), 1, Integer::sum));
        sb.append("# lowering plan of ").append(className).append(": ");
        List<String> counts = new ArrayList<>();
        perPass.forEach((pass, n) -> counts.add(n + " " + pass));
        sb.append(String.join(", ", counts)).append(" methods\n");
        sb.append("# each method is one loop nest writing its last node into the buffer after '->';\n");
        sb.append("# the nodes above it are fused into that loop and get no buffer of their own\n");
        Map<Integer, List<String>> fusedInto = new TreeMap<>();
        String pass = null;
        for (EmittedKernel k : kernels) {
            if (!k.pass().equals(pass)) {
                pass = k.pass();
                sb.append('\n').append(pass).append('\n');
            }
            sb.append("  ").append(k.method()).append(" -> ").append(k.writes()).append('\n');
            List<Integer> ids = k.nodeIds();
            for (int i = 0; i < ids.size(); i++) {
                Node n = graph.node(ids.get(i));
                boolean root = i == ids.size() - 1;
                sb.append("      ").append(root ? "* " : "  ").append(Describe.node(n)).append('\n');
                if (!root && isKernel(k)) {
                    fusedInto.computeIfAbsent(n.id(), x -> new ArrayList<>()).add(k.method());
                }
            }
        }
        StringBuilder recomputed = new StringBuilder();
        fusedInto.forEach((id, methods) -> {
            if (methods.size() > 1) {
                recomputed.append("  %").append(id).append(" in ").append(String.join(", ", methods)).append('\n');
            }
        });
        if (recomputed.length() > 0) {
            sb.append("\n# nodes fused into more than one kernel (recomputed rather than stored)\n").append(recomputed);
        }
        return sb.toString();
    }

    /** Kernels compute nodes; optimizer methods update a param. */
    static boolean isKernel(EmittedKernel k) {
        return k.pass().equals("forward") || k.pass().equals("backward");
    }
}
