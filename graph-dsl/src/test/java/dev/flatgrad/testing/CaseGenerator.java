package dev.flatgrad.testing;

import java.util.random.RandomGenerator;

/** Something that generates cases: structure from choices, values from a seed. Engine independent. */
@FunctionalInterface
public interface CaseGenerator {
    GeneratedCase generate(Choices structure, long valueSeed, boolean allowSymbol);

    /** A case from a plain random generator. */
    default GeneratedCase generate(RandomGenerator random, boolean allowSymbol) {
        return generate(Choices.random(random), random.nextLong(), allowSymbol);
    }

    /** A generator whose cases contract the recipe's output with random weights into the loss. */
    static CaseGenerator of(String label, Recipe recipe) {
        return (structure, seed, allowSymbol) -> {
            CaseBuilder b = CaseBuilder.start(label, structure, seed, allowSymbol);
            return b.finish(recipe.build(b));
        };
    }
}
