package dev.flatgrad.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.dsl.Op;
import dev.flatgrad.ops.Compare;
import dev.flatgrad.ops.Unary;
import dev.flatgrad.testing.CaseGenerator;
import dev.flatgrad.testing.ForwardOracle;
import dev.flatgrad.testing.GeneratedCase;
import dev.flatgrad.testing.NonDifferentiable;
import dev.flatgrad.testing.OpInventory;
import dev.flatgrad.testing.OpKeys;
import dev.flatgrad.testing.Primitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every primitive op found on disk, each kind of it, has its forward values checked against the
 * oracle by {@link InterpreterOracleTest}: the very generators it runs (with fixed seeds) build the op
 * and the oracle knows it. A new op, or a new kind, fails here until it has both.
 */
class OracleCoverageTest {
    private static final int SEEDS = 8;

    @Test
    void everyPrimitiveOpAndKindHasAnOracleProperty() {
        List<Class<? extends Op>> ops = OpInventory.opClasses();
        assertTrue(ops.contains(Unary.class) && ops.contains(Compare.class), "the op scan found too little: " + ops);
        Set<String> required = OpInventory.requiredKeys(ops, Set.of());
        Set<String> covered = new TreeSet<>();
        for (CaseGenerator generator : oraclePropertyGenerators()) {
            for (int seed = 0; seed < SEEDS; seed++) {
                GeneratedCase c = generator.generate(new SplittableRandom(seed), seed % 2 == 1);
                ForwardOracle.assertInterpreterMatches(c);
                for (String key : OpKeys.of(c)) {
                    covered.add(key);
                    covered.add(OpInventory.classKey(key));
                }
            }
        }
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(covered);
        assertTrue(missing.isEmpty(), () -> "no forward-oracle property exercises " + missing + "; give each an oracle in"
                + " dev.flatgrad.testing.ForwardOracle and a generator in Primitive or NonDifferentiable");
    }

    @Test
    void everyNonDifferentiableGeneratorBuildsItsOp() {
        TreeMap<String, String> wrong = new TreeMap<>();
        for (NonDifferentiable g : NonDifferentiable.values()) {
            for (int seed = 0; seed < SEEDS; seed++) {
                GeneratedCase c = g.generate(new SplittableRandom(seed), seed % 2 == 1);
                if (!OpKeys.of(c).contains(g.opKey())) {
                    wrong.put(g.name(), "has no " + g.opKey() + ":\n" + c);
                }
            }
        }
        assertTrue(wrong.isEmpty(), () -> "generators missing their op: " + wrong);
    }

    private static List<CaseGenerator> oraclePropertyGenerators() {
        List<CaseGenerator> all = new ArrayList<>(List.of(Primitive.values()));
        all.addAll(List.of(NonDifferentiable.values()));
        return all;
    }
}
