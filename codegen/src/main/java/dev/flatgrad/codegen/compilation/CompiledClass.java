package dev.flatgrad.codegen.compilation;

import dev.flatgrad.codegen.runtime.GeneratedProgram;
import java.util.Map;

/**
 * A compiled program class with its bytecode (for method-size checks), how long compiling (or loading it from the
 * disk cache) took, and whether it came from the disk cache.
 */
public record CompiledClass(Class<? extends GeneratedProgram> type, Map<String, byte[]> bytecode, long compileMillis,
                            boolean fromDiskCache) {
    /** The largest method of the generated class, in bytes of bytecode. */
    public int largestMethodBytes() {
        return methodSizes().values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Bytecode size of every generated method, by {@code Class.method(descriptor)}. */
    public Map<String, Integer> methodSizes() {
        Map<String, Integer> sizes = new java.util.TreeMap<>();
        bytecode.forEach((className, classBytes) ->
                MethodSizes.of(classBytes).forEach((method, size) -> sizes.put(className + "." + method, size)));
        return sizes;
    }
}
