package dev.flatgrad.testing.qt;

import java.util.SplittableRandom;
import org.quicktheories.QuickTheory;

/**
 * Entry point of every property: a QuickTheories run with a seed that is printed, so any run can be
 * replayed. Each call prints one line, e.g.
 * {@code property PrimitiveGradientTest.exp: seed 1234 (replay with -Dflatgrad.seed=1234)}.
 *
 * <p>Without {@value #PROPERTY} each property draws a fresh seed. With it, every property of the
 * run uses that seed; to replay one failure run its test alone, e.g.
 * {@code ./mvnw -pl graph-dsl test -Dtest=PrimitiveGradientTest -Dflatgrad.seed=1234}. Maven passes
 * the property to the test JVM (surefire's {@code systemPropertyVariables} in the parent pom); a
 * blank value counts as unset. QuickTheories' own {@code QT_SEED} has no effect, since every
 * property fixes its seed here.
 */
public final class Seeds {
    /** The system property holding a seed to replay. */
    public static final String PROPERTY = "flatgrad.seed";

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private Seeds() {
    }

    /** A QuickTheories run of the caller's property {@code name}, seeded and announced. */
    public static QuickTheory qt(String name) {
        long seed = seed();
        System.out.println("property " + WALKER.getCallerClass().getSimpleName() + "." + name + ": seed " + seed
                + " (replay with -D" + PROPERTY + "=" + seed + ")");
        return QuickTheory.qt().withFixedSeed(seed);
    }

    private static long seed() {
        String replay = System.getProperty(PROPERTY, "").trim();
        if (replay.isEmpty()) {
            return new SplittableRandom().nextLong();
        }
        try {
            return Long.parseLong(replay);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be a long, got '" + replay + "'", e);
        }
    }
}
