package dev.flatgrad.testing;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The structural decisions of a generator (ranks, sizes, which op, which operand) as a stream of
 * small bounded ints. Generators draw from this instead of a random source so that a property
 * engine can record the ints and shrink them: a choice of 0 is always the simplest option, and a
 * replayed stream that runs out answers 0 from then on.
 */
public interface Choices {
    /** A choice in {@code [0, bound)}; {@code bound >= 1}. */
    int nextInt(int bound);

    /** A choice in {@code [min, max]}, simplest at {@code min}. */
    default int between(int min, int max) {
        if (max < min) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        return min + nextInt(max - min + 1);
    }

    /** False is the simpler answer. */
    default boolean nextBoolean() {
        return nextInt(2) == 1;
    }

    /** One of the options; list the simplest first. */
    default <T> T pick(List<T> options) {
        return options.get(nextInt(options.size()));
    }

    /** Choices drawn from a random generator: for plain randomised tests without an engine. */
    static Choices random(RandomGenerator random) {
        return bound -> {
            requirePositive(bound);
            return random.nextInt(bound);
        };
    }

    /** Choices replayed from recorded ints, each reduced modulo the bound asked for; 0 once they run out. */
    static Choices replay(List<Integer> recorded) {
        List<Integer> ints = List.copyOf(recorded);
        return new Choices() {
            private int next;

            @Override
            public int nextInt(int bound) {
                requirePositive(bound);
                return next < ints.size() ? Math.floorMod(ints.get(next++), bound) : 0;
            }
        };
    }

    private static void requirePositive(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("a choice needs at least one option, got bound " + bound);
        }
    }
}
