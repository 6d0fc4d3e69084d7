package dev.flatgrad.codegen.emission;

import java.util.List;

/**
 * A generated method as the inspection tools see it: the pass that calls it ({@code forward},
 * {@code backward}, {@code adam}, ...), its name, and the ids of the graph nodes it computes (the
 * root last) or, for an optimizer update, the param it updates, and the buffer field it writes.
 */
public record EmittedKernel(String pass, String method, List<Integer> nodeIds, String writes) {
    public EmittedKernel {
        nodeIds = List.copyOf(nodeIds);
    }
}
