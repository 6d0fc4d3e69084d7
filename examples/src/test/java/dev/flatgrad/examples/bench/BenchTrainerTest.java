package dev.flatgrad.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchTrainerTest {
    @Test
    void dtypeAndNumericsAreReadInAnyCaseAndNothingElseIsGuessed() {
        assertEquals(DType.F32, new BenchTrainer.PrecisionConverter().convert("f32"));
        assertEquals(DType.F64, new BenchTrainer.PrecisionConverter().convert("F64"));
        assertEquals(Numerics.FAST, new BenchTrainer.NumericsConverter().convert("Fast"));
        assertEquals(Numerics.EXACT, new BenchTrainer.NumericsConverter().convert("exact"));
        assertEquals("--dtype must be f64 or f32, got 'f46'", assertThrows(CommandLine.TypeConversionException.class,
                () -> new BenchTrainer.PrecisionConverter().convert("f46")).getMessage());
        assertEquals("--numerics must be exact or fast, got 'quick'", assertThrows(CommandLine.TypeConversionException.class,
                () -> new BenchTrainer.NumericsConverter().convert("quick")).getMessage());
    }

    @Test
    void theBenchCliRefusesAnUnknownDtypeBeforeLoadingAnything() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TrainBenchmark());
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--dtype", "f46"));
        assertTrue(err.toString().contains("--dtype must be f64 or f32, got 'f46'"), err.toString());
    }
}
