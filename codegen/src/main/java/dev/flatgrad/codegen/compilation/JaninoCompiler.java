package dev.flatgrad.codegen.compilation;

import dev.flatgrad.codegen.emission.GeneratedSource;
import dev.flatgrad.codegen.runtime.GeneratedProgram;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.InternalCompilerException;
import org.codehaus.commons.compiler.Location;
import org.codehaus.janino.SimpleCompiler;

/**
 * Compiles generated sources in-process with Janino, cached by the SHA-256 of the source text: the source is a
 * deterministic function of the graph and the options, so equal text means an equal program. Two caches: in
 * memory (least recently used, {@value #CACHE_SIZE} classes) and on disk between runs ({@link BytecodeCache}).
 * A compile failure writes the source to a file and names it and the line.
 */
public final class JaninoCompiler {
    /** Most recently used compiled classes kept; older ones are dropped so their class loaders can unload. */
    static final int CACHE_SIZE = 64;
    private static final Map<String, CompiledClass> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompiledClass> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private JaninoCompiler() {
    }

    /** The disk cache this process's settings name, looked up once. */
    private static final class Disk {
        static final Optional<BytecodeCache> CACHE = BytecodeCache.fromSettings();
    }

    public static CompiledClass compile(GeneratedSource source) {
        return compile(source, null);
    }

    /**
     * As {@link #compile(GeneratedSource)}; should compiling fail, the source is written into {@code failureDir}
     * (null: a new temporary folder).
     */
    public static CompiledClass compile(GeneratedSource source, Path failureDir) {
        return compile(source, failureDir, Disk.CACHE);
    }

    /** As {@link #compile(GeneratedSource, Path)} with the given disk cache (empty: none). */
    public static CompiledClass compile(GeneratedSource source, Path failureDir, Optional<BytecodeCache> disk) {
        String key = fingerprint(source.text());
        synchronized (CACHE) {
            CompiledClass cached = CACHE.get(key);
            if (cached != null) {
                return cached;
            }
        }
        CompiledClass compiled = disk.flatMap(d -> load(d, source)).orElse(null);
        if (compiled == null) {
            compiled = compileNow(source, failureDir);
            CompiledClass stored = compiled;
            disk.ifPresent(d -> d.store(key, stored.bytecode()));
        }
        CompiledClass result = compiled;
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(key, k -> result);
        }
    }

    /** The classes of {@code source} from the disk cache, defined in a loader of their own. */
    static Optional<CompiledClass> load(BytecodeCache disk, GeneratedSource source) {
        long start = System.nanoTime();
        return disk.load(fingerprint(source.text())).flatMap(classes -> {
            try {
                ClassLoader loader = new BytecodeClassLoader(GeneratedProgram.class.getClassLoader(), classes);
                Class<? extends GeneratedProgram> type = loader.loadClass(source.qualifiedName())
                        .asSubclass(GeneratedProgram.class);
                long millis = (System.nanoTime() - start) / 1_000_000;
                return Optional.of(new CompiledClass(type, Map.copyOf(classes), millis, true));
            } catch (ClassNotFoundException | LinkageError | ClassCastException unusable) {
                return Optional.empty(); // compiled again below, and stored over it
            }
        });
    }

    /** The cache key of a source text. */
    public static String fingerprint(String text) {
        return fingerprint(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 of some bytes, in hex. */
    public static String fingerprint(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static CompiledClass compileNow(GeneratedSource source, Path failureDir) {
        long start = System.nanoTime();
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.setParentClassLoader(GeneratedProgram.class.getClassLoader());
        compiler.setDebuggingInformation(true, true, false);
        String fileName = source.className() + ".java";
        try {
            compiler.cook(fileName, new StringReader(source.text()));
            Class<? extends GeneratedProgram> type = compiler.getClassLoader()
                    .loadClass(source.qualifiedName()).asSubclass(GeneratedProgram.class);
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new CompiledClass(type, Map.copyOf(compiler.getBytecodes()), millis, false);
        } catch (CompileException e) {
            throw failure(source, failureDir, e.getMessage(), e.getLocation(), e);
        } catch (InternalCompilerException e) {
            // Janino's own limits, e.g. a class with more than 65,535 constants
            throw failure(source, failureDir, e.getMessage(), null, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Janino compiled " + fileName + " but did not define " + source.qualifiedName(), e);
        }
    }

    private static CompilationException failure(GeneratedSource source, Path failureDir, String problem, Location at,
                                                Exception e) {
        int line = at == null ? -1 : at.getLineNumber();
        String[] lines = source.text().split("\n", -1);
        String quoted = line >= 1 && line <= lines.length ? lines[line - 1].strip() : "(unknown line)";
        String where;
        try {
            Path dir = failureDir != null ? Files.createDirectories(failureDir) : Files.createTempDirectory("flatgrad-failed-");
            Path file = dir.resolve(source.className() + ".java");
            Files.writeString(file, source.text());
            where = file.toString();
        } catch (IOException io) {
            where = "(could not write the source: " + io.getMessage() + ")";
        }
        return new CompilationException("generated code for " + source.qualifiedName() + " failed to compile (a flatgrad bug, or a graph too large for one class): "
                + problem + "\n  source written to " + where + "\n  line " + line + ": " + quoted, e);
    }
}
