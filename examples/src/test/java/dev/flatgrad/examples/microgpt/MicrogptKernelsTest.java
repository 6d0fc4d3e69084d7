package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.KernelContents;
import dev.flatgrad.codegen.runtime.Optimizer;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.DType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lowered microgpt training program computes every value in one kernel only (see codegen's RecomputationTest). */
class MicrogptKernelsTest {
    @ParameterizedTest(name = "{0} documents per step, {1}")
    @CsvSource({"1, F64", "1, F32", "4, F64", "4, F32"})
    void noValueIsComputedByTwoKernels(int documents, DType precision) {
        Gpt gpt = new Gpt(GptConfig.MICROGPT, documents);
        ProgramSpec spec = ProgramSpec.builder(gpt.graph()).className("MicroGpt").minimize(gpt.loss(), gpt.params())
                .optimizer(Optimizer.adam(Trainer.BETA1, Trainer.BETA2, Trainer.EPS)).precision(precision).build();
        KernelContents.assertNoNodeComputedTwice(spec, "microgpt, " + documents + " documents per step, " + precision);
    }
}
