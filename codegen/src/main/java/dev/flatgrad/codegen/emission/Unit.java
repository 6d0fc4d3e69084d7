package dev.flatgrad.codegen.emission;

import com.palantir.javapoet.CodeBlock;
import dev.flatgrad.dsl.Node;
import java.util.List;

/**
 * One generated method that a pass calls: a kernel, or an optimizer update of one param. Its body reads
 * buffers through the receiver it was emitted for ({@code this.wte}, or {@code p.wte} in a part class).
 * {@code nodes} are the graph nodes it computes (a kernel's root and what is fused into it) or updates, and
 * {@code writes} the buffer field it fills.
 */
record Unit(Pass pass, String name, String javadoc, CodeBlock body, List<Node> nodes, String writes) {
    Unit {
        nodes = List.copyOf(nodes);
    }

    EmittedKernel summary() {
        return new EmittedKernel(pass.method(), name, nodes.stream().map(Node::id).toList(), writes);
    }
}
