package dev.flatgrad.codegen.emission;

import com.palantir.javapoet.CodeBlock;

/**
 * One generated method that a pass calls: a kernel, or an optimizer update of one param. Its body reads
 * buffers through the receiver it was emitted for ({@code this.wte}, or {@code p.wte} in a part class).
 */
record Unit(Pass pass, String name, String javadoc, CodeBlock body) {
}
