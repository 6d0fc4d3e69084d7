package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.emission.VectorSupport;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short {@code microgpt train} in a child JVM with the JIT flags {@link JitChoice} picks: an executable jar
 * cannot give its JVM flags, and short runs are much faster with them (the main job: 0.8 s instead of 1.3 s). The
 * child gets this JVM's own flags (heap, properties, modules but the Vector API's, which only slows a short run
 * down), the class path, the working directory and the standard streams; this JVM waits for it and exits with its
 * exit code.
 *
 * <p>Stopping still works as for one process: Ctrl-C reaches both (the child saves its checkpoint; this JVM waits
 * for it), SIGTERM to this JVM is passed on to the child and waited for, and a child whose parent is killed with
 * SIGKILL halts within about a second (the JDK polls a process that is not its own child), as the run itself
 * would have.
 *
 * <p>Not relaunched: long runs (the default JIT serves them best), commands other than {@code train} (they are
 * short), help and version requests, a JVM started with JIT flags of its own (they are respected) or with a
 * debugger, agent or flight recording attached (they should see the run), {@code FLATGRAD_RELAUNCH=off}, and the
 * child itself.
 */
final class Relaunch {
    /** The system property marking the child JVM. */
    static final String CHILD_PROPERTY = "flatgrad.relaunched";
    /** The environment variable that turns relaunching off ({@code off}). */
    static final String ENVIRONMENT = "FLATGRAD_RELAUNCH";

    /** How the JVM reports {@code --add-modules} among its input arguments. */
    private static final String ADD_MODULES = "--add-modules=";
    /** Environment variables whose JVM options the JVM reports among its input arguments. */
    private static final List<String> OPTIONS_VARIABLES = List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");

    /** How long this JVM, asked to shut down, waits for the child to save its run: {@link GracefulStop}'s 30 s, and more. */
    private static final long CHILD_GRACE_SECONDS = 35;

    private Relaunch() {
    }

    /**
     * In the child: halts this JVM when the parent dies without having stopped it (killed with SIGKILL), so no
     * orphaned run goes on training. Does nothing in a JVM that was not relaunched.
     */
    static void watchParentIfChild() {
        if (System.getProperty(CHILD_PROPERTY) == null) {
            return;
        }
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(137)));
    }

    /**
     * Runs the command line in a child JVM if it should be (see the class comment) and returns the child's exit
     * code; empty when it runs here instead (also when no child can be started).
     */
    static OptionalInt runInChild(String[] args) {
        if (!wanted(args, System.getenv(ENVIRONMENT), System.getProperty(CHILD_PROPERTY) != null)) {
            return OptionalInt.empty();
        }
        List<String> jitFlags = JitChoice.flags(List.of(args).subList(1, args.length));
        if (jitFlags.isEmpty()) {
            return OptionalInt.empty();
        }
        List<String> jvmFlags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!jvmAllows(jvmFlags)) {
            return OptionalInt.empty();
        }
        Optional<Path> java = javaExecutable();
        if (java.isEmpty()) {
            return OptionalInt.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get().toString());
        command.addAll(withoutVectorModule(jvmFlags));
        command.addAll(jitFlags);
        command.add("-D" + ProgramSpec.VECTORIZE_PROPERTY + "=false");
        command.add("-D" + CHILD_PROPERTY + "=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MicrogptCli.class.getName());
        command.addAll(List.of(args));
        Process child;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            // their options are in jvmFlags already; read again they would be given twice and announced twice
            builder.environment().keySet().removeAll(OPTIONS_VARIABLES);
            child = builder.start();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty(); // run in this JVM, as it was started
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "microgpt-stop-child"));
        while (true) {
            try {
                return OptionalInt.of(child.waitFor());
            } catch (InterruptedException e) {
                // keep waiting: the child decides when the run ends
            }
        }
    }

    /** Whether to relaunch: a {@code train} command, not a help or version request, not turned off, not the child. */
    static boolean wanted(String[] args, String environment, boolean isChild) {
        if (isChild || args.length == 0 || !args[0].equals("train")
                || (environment != null && environment.strip().toLowerCase(Locale.ROOT).equals("off"))) {
            return false;
        }
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a JVM started with these flags may be relaunched with C1 alone: not when the user steers the JIT
     * (their flags are respected), nor when they attach a tool to this JVM (a debugger, an agent, a flight
     * recording: it should see the run, and a second JVM would fight over its port or file).
     */
    static boolean jvmAllows(List<String> jvmFlags) {
        return !hasJitFlags(jvmFlags) && !hasTools(jvmFlags);
    }

    /**
     * The flags without the Vector API module: a short run is faster without it (only C2 compiles vector code;
     * under C1 it runs boxed: the main job took 5.0 s instead of 0.8 s), and exact results do not depend on it.
     */
    static List<String> withoutVectorModule(List<String> jvmFlags) {
        List<String> kept = new ArrayList<>();
        for (String flag : jvmFlags) {
            if (flag.startsWith(ADD_MODULES)) {
                List<String> modules = new ArrayList<>(List.of(flag.substring(ADD_MODULES.length()).split(",")));
                modules.remove(VectorSupport.MODULE);
                if (!modules.isEmpty()) {
                    kept.add(ADD_MODULES + String.join(",", modules));
                }
            } else {
                kept.add(flag);
            }
        }
        return kept;
    }

    /** Whether the JVM was started with a debugger, an agent or a flight recording. */
    static boolean hasTools(List<String> jvmFlags) {
        for (String flag : jvmFlags) {
            if (flag.startsWith("-agentlib:") || flag.startsWith("-agentpath:") || flag.startsWith("-javaagent:")
                    || flag.startsWith("-Xdebug") || flag.startsWith("-Xrunjdwp")
                    || flag.startsWith("-XX:StartFlightRecording") || flag.startsWith("-XX:+FlightRecorder")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the user started the JVM with flags of their own that steer the JIT. */
    static boolean hasJitFlags(List<String> jvmFlags) {
        for (String flag : jvmFlags) {
            if (flag.equals("-Xint") || flag.equals("-Xcomp") || flag.equals("-Xmixed")
                    || (flag.startsWith("-XX:") && (flag.contains("Tier") || flag.contains("Compil")))) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Path> javaExecutable() {
        Optional<Path> running = ProcessHandle.current().info().command().map(Path::of).filter(Files::isExecutable);
        if (running.isPresent()) {
            return running;
        }
        Path home = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(home) ? Optional.of(home) : Optional.empty();
    }

    /** This JVM is shutting down (Ctrl-C, SIGTERM): the child is asked to stop too, and given time to save. */
    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            child.waitFor(CHILD_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
