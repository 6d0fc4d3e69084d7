package dev.flatgrad.codegen.emission;

import java.util.List;
import java.util.Map;

/**
 * The Java source of one program, with what the runtime needs to drive it by name: its buffers, its
 * symbolic dimension, the exclusive bound of every int input used as ids, and the bytes its buffers take.
 */
public record GeneratedSource(String packageName, String className, String text, List<ExposedBuffer> buffers,
                              String symbol, int symbolMax, int kernelCount, Map<String, Integer> idBounds,
                              long bufferBytes) {
    public String qualifiedName() {
        return packageName + "." + className;
    }
}
