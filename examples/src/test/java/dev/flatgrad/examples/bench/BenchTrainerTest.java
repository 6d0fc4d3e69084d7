package dev.flatgrad.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import org.junit.jupiter.api.Test;

class BenchTrainerTest {
    @Test
    void dtypeAndNumericsAreReadInAnyCaseAndNothingElseIsGuessed() {
        assertEquals(DType.F32, BenchTrainer.precision("f32"));
        assertEquals(DType.F64, BenchTrainer.precision(" F64 "));
        assertEquals(Numerics.FAST, BenchTrainer.numerics("Fast"));
        assertEquals(Numerics.EXACT, BenchTrainer.numerics("exact"));
        assertEquals("--dtype must be f32 or f64, got 'f46'",
                assertThrows(IllegalArgumentException.class, () -> BenchTrainer.precision("f46")).getMessage());
        assertEquals("--numerics must be exact or fast, got 'quick'",
                assertThrows(IllegalArgumentException.class, () -> BenchTrainer.numerics("quick")).getMessage());
    }
}
