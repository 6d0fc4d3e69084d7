package dev.flatgrad.examples.microgpt;

import java.util.List;

/**
 * Which {@code train} runs the CLI relaunches ({@link Relaunch}) with C1 as the only JIT compiler, judged from the
 * command line by how much training it asks for.
 *
 * <p>HotSpot's default tiering costs short runs dearly: C2 spends seconds of a core compiling the large generated
 * kernels, on a machine whose other core trains. C1 alone compiles them in milliseconds, and its code runs 1.4-1.8x
 * slower than C2's. Measured on 2 cores (BENCHMARKS.md), C1 alone wins up to about 20,000 steps of microgpt d16
 * (the 1000-step main job: 0.8 s against 1.24 s), whatever the batch (10,000 steps of 16 documents: 4.6 s against
 * 6.8 s), and loses beyond (40,000 steps: 4.0 s against 3.4 s). So steps x (n_embd / 16)^2 x layers up to
 * {@value #SHORT_RUN_WORK} counts as short. The estimate only picks flags; a wrong guess costs time, never results.
 */
final class JitChoice {
    /**
     * The flags of a short run: C1 only, compiling a method after a tenth of the usual calls, so the kernels leave
     * the interpreter within the first steps (the main job's 1000 steps: 0.16 s instead of 0.29 s).
     */
    static final List<String> SHORT_RUN = List.of("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.1");
    /** The most steps x (n_embd / 16)^2 x layers of a short run. */
    static final long SHORT_RUN_WORK = 20_000;

    private static final long DEFAULT_STEPS = 1000;

    private JitChoice() {
    }

    /** The JVM flags a {@code train} run with these arguments (those after {@code train}) should get; empty: none. */
    static List<String> flags(List<String> trainArgs) {
        long work = work(trainArgs);
        return work >= 0 && work <= SHORT_RUN_WORK ? SHORT_RUN : List.of();
    }

    /**
     * Steps x (n_embd / 16)^2 x layers, from the options as typed ({@code --steps 5} or {@code --steps=5};
     * {@code --until} when given); -1 when unknown: a resumed run (its settings are in the checkpoint) or an
     * option that is not a number (the command itself reports it).
     */
    static long work(List<String> trainArgs) {
        if (trainArgs.contains("--resume")) {
            return -1;
        }
        try {
            long until = option(trainArgs, "--until", -1);
            long steps = until >= 0 ? until : option(trainArgs, "--steps", DEFAULT_STEPS);
            long width = option(trainArgs, "--n-embd", 16);
            long layers = option(trainArgs, "--n-layer", 1);
            if (steps < 0 || width < 0 || layers < 0 || width > 1 << 16) {
                return -1;
            }
            double work = (double) steps * layers * (width / 16.0) * (width / 16.0);
            return work > Long.MAX_VALUE / 2 ? -1 : (long) work;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The last value given for {@code name}, as {@code name value} or {@code name=value}; else the default. */
    private static long option(List<String> args, String name, long defaultValue) {
        long value = defaultValue;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(name) && i + 1 < args.size()) {
                value = Long.parseLong(args.get(i + 1).strip());
            } else if (arg.startsWith(name + "=")) {
                value = Long.parseLong(arg.substring(name.length() + 1).strip());
            }
        }
        return value;
    }
}
