package dev.flatgrad.spark;

import dev.flatgrad.codegen.emission.BufferRole;
import dev.flatgrad.codegen.runtime.Program;
import java.io.Serializable;

/**
 * What a local-steps task starts from and returns: params, Adam's moments (flat, in {@link ParamLayout} order) and
 * Adam's step count.
 */
record ModelState(double[] params, double[] m, double[] v, int optimizerSteps) implements Serializable {
    static ModelState of(Program program, ParamLayout layout) {
        return new ModelState(layout.params(program), layout.moments(program, BufferRole.ADAM_M),
                layout.moments(program, BufferRole.ADAM_V), program.optimizerSteps());
    }

    void writeInto(Program program, ParamLayout layout) {
        layout.setParams(program, params);
        layout.setMoments(program, BufferRole.ADAM_M, m);
        layout.setMoments(program, BufferRole.ADAM_V, v);
        program.setOptimizerSteps(optimizerSteps);
    }
}
