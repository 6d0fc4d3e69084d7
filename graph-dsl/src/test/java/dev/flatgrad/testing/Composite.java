package dev.flatgrad.testing;

import java.util.Locale;

/** One generator per nn composite (and variant), each contracted to a scalar loss with random weights. */
public enum Composite implements CaseGenerator {
    LINEAR(NnCases::linear),
    RMSNORM(NnCases::rmsnorm),
    SOFTMAX(b -> NnCases.softmax(b, false)),
    LOG_SOFTMAX(b -> NnCases.softmax(b, true)),
    CROSS_ENTROPY(b -> NnCases.crossEntropy(b, false)),
    WEIGHTED_CROSS_ENTROPY(b -> NnCases.crossEntropy(b, true)),
    MLP(NnCases::mlp),
    EMBEDDING(NnCases::embedding),
    ATTENTION(b -> NnCases.attention(b, false)),
    SEGMENTED_ATTENTION(b -> NnCases.attention(b, true));

    private final Recipe recipe;

    Composite(Recipe recipe) {
        this.recipe = recipe;
    }

    /** The lower-case name, e.g. {@code exp}: how cases and property runs are labelled. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public GeneratedCase generate(Choices structure, long valueSeed, boolean allowSymbol) {
        CaseBuilder b = CaseBuilder.start(label(), structure, valueSeed, allowSymbol);
        return b.finish(recipe.build(b));
    }
}
