package dev.flatgrad.codegen.inspect;

import dev.flatgrad.codegen.compilation.MethodSizes;
import dev.flatgrad.codegen.emission.EmittedKernel;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.dsl.Graph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What compiling a program gave: every generated method with its bytecode size, read from the compiled
 * class files (HotSpot never JIT-compiles a method over {@value MethodSizes#HUGE_METHOD_LIMIT} bytes), the
 * kernel it holds and the node that kernel computes, and how long Janino took.
 */
public record CompileReport(String className, long compileMillis, boolean fromCache, List<Row> methods) {
    /**
     * One method: its class (simple name), its name in the Java source, bytecode bytes, and the kernel it is, or
     * null. (Janino compiles a private method as a static one whose name ends in '$'; the report shows the
     * source name.)
     */
    public record Row(String owner, String method, int bytes, EmittedKernel kernel) {
        /** Whether HotSpot will leave this method in the interpreter. */
        public boolean tooLargeToJit() {
            return bytes > MethodSizes.HUGE_METHOD_LIMIT;
        }
    }

    public CompileReport {
        methods = List.copyOf(methods);
    }

    public static CompileReport of(Program program) {
        Map<String, EmittedKernel> kernels = new HashMap<>();
        program.kernels().forEach(k -> kernels.put(k.method(), k));
        List<Row> rows = new ArrayList<>();
        program.bytecode().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(cls -> {
            String owner = cls.getKey().substring(cls.getKey().lastIndexOf('.') + 1);
            MethodSizes.of(cls.getValue()).forEach((method, bytes) -> {
                String name = method.substring(0, method.indexOf('('));
                if (name.endsWith("$")) {
                    name = name.substring(0, name.length() - 1);
                }
                rows.add(new Row(owner, name, bytes, kernels.get(name)));
            });
        });
        return new CompileReport(program.className(), program.compileMillis(), program.fromCompileCache(), rows);
    }

    public int totalBytes() {
        return methods.stream().mapToInt(Row::bytes).sum();
    }

    public int largestBytes() {
        return methods.stream().mapToInt(Row::bytes).max().orElse(0);
    }

    /** {@code Janino: 640 ms}, or {@code loaded from the compile cache in 12 ms}. */
    public String compiledHow() {
        return (fromCache ? "loaded from the compile cache in " : "Janino: ") + compileMillis + " ms";
    }

    public String text(Graph graph) {
        StringBuilder sb = new StringBuilder();
        sb.append("# compile report of ").append(className).append('\n');
        sb.append("# ").append(compiledHow()).append("; ").append(methods.size()).append(" methods, ")
                .append(totalBytes()).append(" bytes of bytecode, largest ").append(largestBytes())
                .append(" (HotSpot JIT-compiles methods up to ").append(MethodSizes.HUGE_METHOD_LIMIT).append(")\n");
        sb.append(String.format("%-24s %7s  %s%n", "class", "bytes", "method: kernel root"));
        for (Row r : methods) {
            sb.append(String.format("%-24s %7d  %s", r.owner(), r.bytes(), r.method()));
            if (r.kernel() != null && !r.kernel().nodeIds().isEmpty()) {
                List<Integer> ids = r.kernel().nodeIds();
                sb.append(": ").append(r.kernel().pass()).append(' ')
                        .append(graph.node(ids.get(ids.size() - 1)).path());
                if (ids.size() > 1) {
                    sb.append(" (+").append(ids.size() - 1).append(" fused)");
                }
            }
            if (r.tooLargeToJit()) {
                sb.append("  ** too large to JIT-compile **");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
