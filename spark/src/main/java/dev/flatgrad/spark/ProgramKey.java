package dev.flatgrad.spark;

import dev.flatgrad.codegen.runtime.Numerics;
import dev.flatgrad.dsl.DType;
import dev.flatgrad.examples.microgpt.GptConfig;

/** What fixes a compiled microgpt program: the model, the documents packed per run, the precision and numerics. */
record ProgramKey(GptConfig config, int documentsPerRun, DType precision, Numerics numerics) {
}
