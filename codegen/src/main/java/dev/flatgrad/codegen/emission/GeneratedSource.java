package dev.flatgrad.codegen.emission;

import java.util.List;

/** The Java source of one program, with what the runtime needs to drive it by name. */
public record GeneratedSource(String packageName, String className, String text, List<ExposedBuffer> buffers,
                              String symbol, int symbolMax, int kernelCount) {
    public String qualifiedName() {
        return packageName + "." + className;
    }
}
