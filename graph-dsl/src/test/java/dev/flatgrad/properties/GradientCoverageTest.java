package dev.flatgrad.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.dsl.Op;
import dev.flatgrad.ops.Compare;
import dev.flatgrad.ops.Matmul;
import dev.flatgrad.ops.Unary;
import dev.flatgrad.testing.CaseGenerator;
import dev.flatgrad.testing.Composite;
import dev.flatgrad.testing.GeneratedCase;
import dev.flatgrad.testing.OpInventory;
import dev.flatgrad.testing.OpKeys;
import dev.flatgrad.testing.Primitive;
import dev.flatgrad.testing.StopGradientCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every primitive op found on disk is exercised by some gradient property. Coverage is computed
 * here, independently of test order, by running the very generators the gradient tests run (with
 * fixed seeds) and collecting the ops of the graphs they build. An op class that bundles kinds
 * must have each kind covered, except comparisons: no gradient flows through them, any kind
 * exercises the select mask path.
 */
class GradientCoverageTest {
    private static final int SEEDS = 8;

    @Test
    void everyPrimitiveOpIsExercisedByAGradientProperty() {
        List<Class<? extends Op>> ops = OpInventory.opClasses();
        assertTrue(ops.contains(Unary.class) && ops.contains(Matmul.class), "the op scan found too little: " + ops);
        Set<String> required = OpInventory.requiredKeys(ops, Set.of(Compare.class));
        Set<String> covered = new TreeSet<>();
        for (CaseGenerator generator : gradientPropertyGenerators()) {
            for (int seed = 0; seed < SEEDS; seed++) {
                GeneratedCase c = generator.generate(new SplittableRandom(seed), seed % 2 == 1);
                for (String key : OpKeys.of(c)) {
                    covered.add(key);
                    covered.add(OpInventory.classKey(key));
                }
            }
        }
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(covered);
        assertTrue(missing.isEmpty(), () -> "no gradient property exercises " + missing
                + "; add a generator to dev.flatgrad.testing.Primitive (or Composite) for each");
    }

    @Test
    void everyPrimitiveGeneratorBuildsItsOp() {
        TreeMap<String, String> wrong = new TreeMap<>();
        for (Primitive p : Primitive.values()) {
            for (int seed = 0; seed < SEEDS; seed++) {
                GeneratedCase c = p.generate(new SplittableRandom(seed), seed % 2 == 1);
                if (!OpKeys.of(c).contains(p.opKey())) {
                    wrong.put(p.name(), "has no " + p.opKey() + ":\n" + c);
                }
            }
        }
        assertTrue(wrong.isEmpty(), () -> "generators missing their op: " + wrong);
    }

    /**
     * The generators of the per-op and composite gradient tests in this package. Random DAGs are
     * left out on purpose: an op they happen to reach is no substitute for a property of its own.
     */
    private static List<CaseGenerator> gradientPropertyGenerators() {
        List<CaseGenerator> all = new ArrayList<>(List.of(Primitive.values()));
        all.addAll(List.of(Composite.values()));
        all.add(StopGradientCases.BLOCKED);
        all.add(StopGradientCases.MIXED);
        return all;
    }
}
