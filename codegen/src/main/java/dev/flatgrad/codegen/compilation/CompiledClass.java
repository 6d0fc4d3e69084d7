package dev.flatgrad.codegen.compilation;

import dev.flatgrad.codegen.runtime.GeneratedProgram;
import java.util.Map;

/** A compiled program class with its bytecode (for method-size checks) and how long compiling took. */
public record CompiledClass(Class<? extends GeneratedProgram> type, Map<String, byte[]> bytecode, long compileMillis) {
    /** The largest method of the generated class, in bytes of bytecode. */
    public int largestMethodBytes() {
        int largest = 0;
        for (byte[] classBytes : bytecode.values()) {
            largest = Math.max(largest, MethodSizes.largest(classBytes));
        }
        return largest;
    }
}
