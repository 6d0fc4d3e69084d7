package dev.flatgrad.spark;

import dev.flatgrad.codegen.emission.BufferRole;
import dev.flatgrad.codegen.runtime.Program;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A program's params laid end to end in one vector, in the program's param order: the form in which params,
 * gradients and Adam moments travel between the driver and the tasks.
 */
final class ParamLayout {
    private final List<String> names;
    private final int[] offsets;
    private final int size;

    private ParamLayout(List<String> names, int[] offsets, int size) {
        this.names = names;
        this.offsets = offsets;
        this.size = size;
    }

    static ParamLayout of(Program program) {
        List<String> names = program.names(BufferRole.PARAM);
        int[] offsets = new int[names.size() + 1];
        for (int i = 0; i < names.size(); i++) {
            offsets[i + 1] = Math.addExact(offsets[i], program.param(names.get(i)).length);
        }
        return new ParamLayout(names, offsets, offsets[names.size()]);
    }

    /** Values in all. */
    int size() {
        return size;
    }

    double[] params(Program program) {
        return gather(program::param);
    }

    double[] gradients(Program program) {
        return gather(program::gradient);
    }

    double[] moments(Program program, BufferRole role) {
        return gather(name -> program.optimizerState(role, name));
    }

    void setParams(Program program, double[] values) {
        scatter(values, program::setParam);
    }

    void setGradients(Program program, double[] values) {
        scatter(values, program::setGradient);
    }

    void setMoments(Program program, BufferRole role, double[] values) {
        scatter(values, (name, part) -> program.setOptimizerState(role, name, part));
    }

    private double[] gather(Function<String, double[]> read) {
        double[] flat = new double[size];
        for (int i = 0; i < names.size(); i++) {
            double[] part = read.apply(names.get(i));
            System.arraycopy(part, 0, flat, offsets[i], part.length);
        }
        return flat;
    }

    private void scatter(double[] flat, BiConsumer<String, double[]> write) {
        if (flat.length != size) {
            throw new IllegalArgumentException("a vector of " + flat.length + " values for params of " + size);
        }
        for (int i = 0; i < names.size(); i++) {
            write.accept(names.get(i), Arrays.copyOfRange(flat, offsets[i], offsets[i + 1]));
        }
    }
}
