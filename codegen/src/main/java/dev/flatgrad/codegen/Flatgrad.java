package dev.flatgrad.codegen;

import dev.flatgrad.codegen.compilation.CompiledClass;
import dev.flatgrad.codegen.compilation.JaninoCompiler;
import dev.flatgrad.codegen.emission.GeneratedSource;
import dev.flatgrad.codegen.emission.ProgramEmitter;
import dev.flatgrad.codegen.inspect.IrDump;
import dev.flatgrad.codegen.runtime.AtomicWrite;
import dev.flatgrad.codegen.runtime.GeneratedProgram;
import dev.flatgrad.codegen.runtime.HeapBudget;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.CallSite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The compiler's front door: spec → lowering → Java source → bytecode → {@link Program}. */
public final class Flatgrad {
    static {
        CallSite.registerLibrary(Flatgrad.class);
    }

    private Flatgrad() {
    }

    /** Generates, compiles (or takes from the cache) and instantiates the program for a spec. */
    public static Program compile(ProgramSpec spec) {
        GeneratedSource source = ProgramEmitter.emit(spec);
        if (spec.dumpDirectory() != null) {
            dump(source, spec.dumpDirectory());
        }
        if (spec.irDirectory() != null) {
            IrDump.beforeCompile(spec, source, spec.irDirectory());
        }
        String buffers = "the buffers of program " + spec.className();
        HeapBudget.require(source.bufferBytes(), buffers);
        CompiledClass compiled = JaninoCompiler.compile(source, spec.dumpDirectory());
        Program program = new Program(instantiate(compiled, source, buffers), source, compiled, spec);
        if (spec.irDirectory() != null) {
            IrDump.compileReport(program, spec.irDirectory());
        }
        return program;
    }

    private static GeneratedProgram instantiate(CompiledClass compiled, GeneratedSource source, String buffers) {
        try {
            return compiled.type().getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof OutOfMemoryError) {
                throw HeapBudget.tooLarge(source.bufferBytes(), buffers, Runtime.getRuntime().maxMemory());
            }
            throw new IllegalStateException("cannot instantiate generated " + source.qualifiedName(), e);
        } catch (InstantiationException | IllegalAccessException | NoSuchMethodException e) {
            throw new IllegalStateException("cannot instantiate generated " + source.qualifiedName(), e);
        }
    }

    /** The generated source of a spec, without compiling it. */
    public static String source(ProgramSpec spec) {
        return ProgramEmitter.emit(spec).text();
    }

    /** Writes {@code dev/flatgrad/generated/Name.java} under {@code dir}, atomically. */
    public static Path dump(GeneratedSource source, Path dir) {
        try {
            Path packageDir = dir.resolve(source.packageName().replace('.', '/'));
            Files.createDirectories(packageDir);
            Path target = packageDir.resolve(source.className() + ".java");
            AtomicWrite.replace(target, out -> out.write(source.text().getBytes(StandardCharsets.UTF_8)));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write generated sources into " + dir, e);
        }
    }
}
