package dev.flatgrad.testing.qt;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.flatgrad.testing.CaseGenerator;
import dev.flatgrad.testing.Choices;
import dev.flatgrad.testing.DagInstruction;
import dev.flatgrad.testing.DagProgram;
import dev.flatgrad.testing.GeneratedCase;
import dev.flatgrad.testing.RandomDags;
import dev.flatgrad.testing.RewritableDags;
import java.util.List;
import org.quicktheories.core.Gen;

/**
 * QuickTheories adapters for the engine-independent generators. Structure is a list of small ints
 * replayed as {@link Choices}; QuickTheories shrinks those ints towards 0 (the simplest choice)
 * and, for random DAGs, the list of instructions towards fewer ops. Values come from a seed.
 */
public final class CaseGens {
    /** More structural choices than any per-op or composite generator reads. */
    private static final int STRUCTURE_CHOICES = 40;
    /** More than the longest rewritable DAG reads. */
    private static final int REWRITABLE_CHOICES = 160;

    private CaseGens() {
    }

    /** Cases of one generator. */
    public static Gen<GeneratedCase> cases(CaseGenerator generator, boolean allowSymbol) {
        return structure(STRUCTURE_CHOICES).zip(seeds(),
                (ints, seed) -> generator.generate(Choices.replay(ints), seed, allowSymbol));
    }

    /** Random DAG programs: 3 to 12 instructions. */
    public static Gen<DagProgram> dagPrograms() {
        Gen<DagInstruction> instruction = integers().between(0, 255).zip(structure(DagInstruction.ARGS), DagInstruction::new);
        Gen<List<DagInstruction>> instructions = lists().of(instruction).ofSizeBetween(RandomDags.MIN_OPS, RandomDags.MAX_OPS);
        return structure(DagProgram.HEADER).zip(instructions, seeds(), DagProgram::new);
    }

    /** Random DAG cases; a shrunk failure prints as a small graph. */
    public static Gen<GeneratedCase> randomDags(boolean allowSymbol) {
        return dagPrograms().map(program -> RandomDags.build(program, allowSymbol));
    }

    /** {@link RewritableDags}, which read more choices than the other generators. */
    public static Gen<GeneratedCase> rewritableDags(boolean allowSymbol) {
        return structure(REWRITABLE_CHOICES).zip(seeds(),
                (ints, seed) -> RewritableDags.build(Choices.replay(ints), seed, allowSymbol));
    }

    private static Gen<List<Integer>> structure(int n) {
        return lists().of(integers().between(0, 255)).ofSize(n);
    }

    private static Gen<Long> seeds() {
        return longs().all();
    }
}
