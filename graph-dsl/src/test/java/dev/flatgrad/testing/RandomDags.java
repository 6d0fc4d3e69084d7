package dev.flatgrad.testing;

import dev.flatgrad.dsl.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random DAGs of a few primitives over one to three params, reduced to a scalar. Ops are chosen
 * by the program, but each is applied only where it is safe for finite differences on the values
 * actually sampled (at every size of the symbol): log of values well above 0, relu and max clear
 * of their kinks, no huge magnitudes. An op that does not fit is skipped, so every program builds.
 */
public final class RandomDags {
    public static final int MIN_OPS = 3;
    public static final int MAX_OPS = 12;

    private RandomDags() {
    }

    public static GeneratedCase build(DagProgram program, boolean allowSymbol) {
        Choices header = Choices.replay(program.header());
        CaseBuilder b = CaseBuilder.start("random dag", header, program.valueSeed(), allowSymbol);
        DagState state = new DagState(b);
        state.firstParam(header);
        for (DagInstruction instruction : program.instructions()) {
            apply(state, instruction);
        }
        return b.finish(state.newest());
    }

    /**
     * Applies the instruction's op to one of the three newest values (so most ops end up on the
     * path to the loss; second operands may come from anywhere) or, when the op does not fit there,
     * to the next older values in turn; skips it when it fits none.
     */
    private static void apply(DagState state, DagInstruction instruction) {
        DagOp op = DagOp.of(instruction.op());
        int size = state.poolSize();
        for (int k = 0; k < size; k++) {
            Choices args = Choices.replay(instruction.args());
            Node x = state.fromNewest((args.nextInt(Math.min(size, 3)) + k) % size);
            Node out = op.apply(state, x, args);
            if (out != null && state.offer(out)) {
                return;
            }
        }
    }

    /** A program drawn from choices: for engines that only hand out a stream of ints. */
    public static DagProgram program(Choices c, long valueSeed) {
        List<Integer> header = draws(c, DagProgram.HEADER);
        List<DagInstruction> instructions = new ArrayList<>();
        int count = c.between(MIN_OPS, MAX_OPS);
        for (int i = 0; i < count; i++) {
            instructions.add(new DagInstruction(c.nextInt(DagOp.values().length), draws(c, DagInstruction.ARGS)));
        }
        return new DagProgram(header, instructions, valueSeed);
    }

    /** Random DAG cases as a {@link CaseGenerator}. */
    public static CaseGenerator generator() {
        return (structure, seed, allowSymbol) -> build(program(structure, seed), allowSymbol);
    }

    public static GeneratedCase random(RandomGenerator random, boolean allowSymbol) {
        return generator().generate(random, allowSymbol);
    }

    private static List<Integer> draws(Choices c, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(c.nextInt(256));
        }
        return out;
    }
}
