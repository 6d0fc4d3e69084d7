package dev.flatgrad.codegen.inspect;

import dev.flatgrad.codegen.emission.EmittedKernel;
import dev.flatgrad.codegen.emission.GeneratedSource;
import dev.flatgrad.codegen.runtime.AtomicWrite;
import dev.flatgrad.codegen.runtime.IrStage;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.print.GraphPrinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes what each stage of compiling a program made, one file per stage, into {@code DIR/<ClassName>/}:
 * {@code 01-traced.txt} (the graph the model built), {@code 02-autodiff.txt} (with the backward nodes),
 * then one file per graph pass that changed the graph ({@code 03-constant-folding.txt}, ...; a later round's
 * files end in its number) and {@code NN-compiled.txt} when the compiled graph differs from the last,
 * {@code NN-lowering.txt} (which nodes share a kernel, which get a buffer),
 * {@code NN-<ClassName>.java} and {@code NN-compile-report.txt} (bytecode bytes per method, Janino's time).
 *
 * <p>Files are written atomically. A program's folder holds a {@value #MARKER} file listing what the last
 * dump wrote; a dump replaces those files and nothing else, and refuses a folder that has other files
 * but no marker, so no user file is ever overwritten.
 */
public final class IrDump {
    static final String MARKER = ".flatgrad-ir";

    private IrDump() {
    }

    /**
     * Checks that {@code dir} is or can become a folder we can write dumps into, and creates it.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static void prepare(Path dir) {
        Path abs = dir.toAbsolutePath();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException(dir + " is a file, not a folder; it is left untouched");
        }
        try {
            Files.createDirectories(abs);
            Files.delete(Files.createTempFile(abs, ".flatgrad-probe-", ".tmp"));
        } catch (IOException e) {
            throw new IllegalArgumentException(dir + ": cannot write into this folder (" + e + ")");
        }
    }

    /** The IR of every stage, the lowering plan and the source; called before compiling, so a failed compile still leaves them. */
    public static Path beforeCompile(ProgramSpec spec, GeneratedSource source, Path dir) {
        return beforeCompile(spec, source.className(), source.text(), source.kernels(), dir);
    }

    /** Adds the compile report of a compiled program to its dump. */
    public static Path compileReport(Program program, Path dir) {
        Path folder = folder(dir, simpleName(program));
        List<String> written = new ArrayList<>(readMarker(folder));
        String name = String.format("%02d-compile-report.txt", program.spec().stages().size() + 3);
        write(folder, name, CompileReport.of(program).text(program.spec().compiledGraph().graph()));
        if (!written.contains(name)) {
            written.add(name);
        }
        writeMarker(folder, written);
        return folder;
    }

    /** Everything for a compiled program, as {@code dumpIr} in its spec would have written; returns its folder. */
    public static Path write(Program program, Path dir) {
        beforeCompile(program.spec(), simpleName(program), program.source(), program.kernels(), dir);
        return compileReport(program, dir);
    }

    private static Path beforeCompile(ProgramSpec spec, String className, String javaSource, List<EmittedKernel> kernels,
            Path dir) {
        Path folder = folder(dir, className);
        List<String> written = new ArrayList<>();
        int number = 1;
        for (IrStage stage : spec.stages()) {
            String header = "# stage " + number + ": " + stage.name() + ": " + stage.description() + "\n# "
                    + stage.nodes().size() + " nodes\n";
            written.add(write(folder, String.format("%02d-%s.txt", number++, stage.name()),
                    header + GraphPrinter.print(stage.nodes())));
        }
        written.add(write(folder, String.format("%02d-lowering.txt", number++),
                LoweringReport.text(className, spec.compiledGraph().graph(), kernels)));
        written.add(write(folder, String.format("%02d-%s.java", number, className), javaSource));
        finish(folder, written);
        return folder;
    }

    private static String simpleName(Program program) {
        return program.className().substring(program.className().lastIndexOf('.') + 1);
    }

    /**
     * Checks that a program's dump folder is absent, empty, or holds an earlier dump (which a new one replaces).
     *
     * @throws IllegalArgumentException if it is a file or holds other files
     */
    public static void requireDumpFolder(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is a file, not a folder; it is left untouched");
        }
        if (Files.isDirectory(folder) && !Files.exists(folder.resolve(MARKER))) {
            try (Stream<Path> entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(folder + " holds files that are not a flatgrad IR dump;"
                            + " they are left untouched. Choose an empty or new folder");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(folder + ": cannot list the folder (" + e + ")");
            }
        }
    }

    private static Path folder(Path dir, String className) {
        prepare(dir);
        Path folder = dir.resolve(className);
        requireDumpFolder(folder);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + " for the IR dump", e);
        }
        return folder;
    }

    /** Records what this dump wrote and deletes what the previous dump wrote that this one did not. */
    private static void finish(Path folder, List<String> written) {
        Set<String> stale = new LinkedHashSet<>(readMarker(folder));
        stale.removeAll(written);
        for (String old : stale) {
            try {
                Files.deleteIfExists(folder.resolve(old));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + folder.resolve(old) + " left by an earlier dump", e);
            }
        }
        writeMarker(folder, written);
    }

    private static List<String> readMarker(Path folder) {
        Path marker = folder.resolve(MARKER);
        try {
            if (!Files.exists(marker)) {
                return List.of();
            }
            // only plain names of this folder: a marker edited to name "../x" must not delete anything else
            return Files.readAllLines(marker, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.matches("[0-9]{2}-[A-Za-z0-9_$.-]+")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + marker, e);
        }
    }

    private static void writeMarker(Path folder, List<String> written) {
        write(folder, MARKER, String.join("\n", written) + "\n");
    }

    private static String write(Path folder, String name, String text) {
        try {
            AtomicWrite.replace(folder.resolve(name), out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(name), e);
        }
    }
}
