package dev.flatgrad.codegen.emission;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Java source of one program, with what the runtime needs to drive it by name: its buffers, its
 * symbolic dimension, the exclusive bound of every int input used as ids, the int inputs whose values must
 * not decrease (segment ids of causal masks), the bytes its buffers take, and every generated method with the
 * graph nodes it computes (for inspecting the lowering).
 */
public record GeneratedSource(String packageName, String className, String text, List<ExposedBuffer> buffers,
                              String symbol, int symbolMax, int kernelCount, Map<String, Integer> idBounds,
                              Set<String> nonDecreasingInputs, long bufferBytes, List<EmittedKernel> kernels) {
    public String qualifiedName() {
        return packageName + "." + className;
    }
}
