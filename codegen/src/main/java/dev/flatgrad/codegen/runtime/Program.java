package dev.flatgrad.codegen.runtime;

import dev.flatgrad.codegen.compilation.CompiledClass;
import dev.flatgrad.codegen.emission.BufferRole;
import dev.flatgrad.codegen.emission.EmittedKernel;
import dev.flatgrad.codegen.emission.ExposedBuffer;
import dev.flatgrad.codegen.emission.GeneratedSource;
import dev.flatgrad.dsl.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled program: named access to its buffers and the passes {@link #forward()},
 * {@link #backward()} and {@link #step(double)}. Params live in program-owned buffers. Running a
 * pass allocates nothing; bind inputs by copying into the program ({@code setInput}) and read
 * results with the {@code read...} methods into your own arrays to stay allocation-free.
 *
 * <p>Not thread-safe: one program runs on one thread at a time.
 */
public final class Program {
    /**
     * Optimizer steps between flushes of tiny Adam moments. A moment at the flush threshold (1e-200)
     * needs over 1,500 steps of decay (x0.85 per step) to become subnormal, so 64 is ample.
     */
    static final int FLUSH_INTERVAL = 64;

    private final GeneratedProgram code;
    private final GeneratedSource source;
    private final CompiledClass compiled;
    private final ProgramSpec spec;
    private final Map<BufferRole, Map<String, ExposedBuffer>> byRole = new EnumMap<>(BufferRole.class);
    private final Map<String, Integer> idBounds;
    private final int[] fixedCounts;
    private final int[] symbolicAxes;
    private final NumericsGuard guard;
    private int optimizerSteps;
    private double pendingLr;
    private double pendingBc1;
    private double pendingBc2;
    private boolean forwardDone;

    public Program(GeneratedProgram code, GeneratedSource source, CompiledClass compiled, ProgramSpec spec) {
        this.code = code;
        this.source = source;
        this.compiled = compiled;
        this.spec = spec;
        this.idBounds = Map.copyOf(source.idBounds());
        for (BufferRole role : BufferRole.values()) {
            byRole.put(role, new LinkedHashMap<>());
        }
        fixedCounts = new int[source.buffers().size()];
        symbolicAxes = new int[source.buffers().size()];
        this.guard = spec.checkNumerics() ? new NumericsGuard(spec.compiledGraph().graph()) : null;
        code.setGuard(guard);
        for (ExposedBuffer b : source.buffers()) {
            byRole.get(b.role()).put(b.name(), b);
            if (guard != null && (b.role() == BufferRole.PARAM || b.role() == BufferRole.INPUT)) {
                guard.registerLeaf(b.node(), code.buffer(b.slot()));
            }
            fixedCounts[b.slot()] = (int) b.node().shape().fixedProduct();
            symbolicAxes[b.slot()] = b.node().shape().rank() - (int) b.node().shape().dims().stream().filter(d -> !d.isSymbolic()).count();
        }
    }

    /**
     * A program of the same compiled class with buffers of its own but this program's param arrays: it computes
     * with the same params (and sees every update of them) while its activations and gradients stay apart. For
     * running parts of a batch on other threads ({@link DataParallelProgram}).
     */
    public Program replica() {
        GeneratedProgram copy;
        try {
            copy = code.getClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate another " + source.qualifiedName(), e);
        }
        for (ExposedBuffer b : byRole.get(BufferRole.PARAM).values()) {
            copy.shareParam(b.slot(), code.buffer(b.slot()));
        }
        Program replica = new Program(copy, source, compiled, spec);
        replica.setLength(length());
        return replica;
    }

    /** The array behind a named buffer (shared, not copied): for the runtime's own loops over gradients. */
    Object array(BufferRole role, String name) {
        return code.buffer(lookup(role, name).slot());
    }

    /** The number of values of a named buffer at the current length. */
    int size(BufferRole role, String name) {
        return count(lookup(role, name));
    }

    // ---- the symbolic length ----

    /** Sets the run-time size of the program's symbolic dimension (e.g. the sequence length T). */
    public Program setLength(int length) {
        if (source.symbol() == null) {
            if (length != 1) {
                throw new IllegalArgumentException("this program has no symbolic dimension; its length is always 1");
            }
            return this;
        }
        if (length < 1 || length > source.symbolMax()) {
            throw new IllegalArgumentException(source.symbol() + " = " + length + " is outside [1, " + source.symbolMax() + "]");
        }
        code.setLength(length);
        forwardDone = false;
        return this;
    }

    public int length() {
        return code.length();
    }

    /** The name of the symbolic dimension, or null. */
    public String symbol() {
        return source.symbol();
    }

    // ---- inputs ----

    /** Copies int ids into an input; the count must match the input's shape at the current length. */
    public Program setInput(String name, int[] values) {
        ExposedBuffer b = intInput(name);
        return copyInts(b, values, 0, requireCount(b, values.length));
    }

    /**
     * Copies as many ids as the input holds at the current length from {@code values}, starting at
     * {@code offset}: a longer array (e.g. a whole encoded document) can feed inputs without copies.
     */
    public Program setInput(String name, int[] values, int offset) {
        ExposedBuffer b = intInput(name);
        return copyInts(b, values, offset, requireAvailable(b, values.length, offset));
    }

    /** Copies float values into an input (narrowed to float in f32 programs); values must be finite. */
    public Program setInput(String name, double[] values) {
        ExposedBuffer b = floatInput(name);
        writeFloats(b, values, 0, requireCount(b, values.length), "input");
        forwardDone = false;
        return this;
    }

    /** Copies float values into an input (widened to double in f64 programs); values must be finite. */
    public Program setInput(String name, float[] values) {
        ExposedBuffer b = floatInput(name);
        int count = requireCount(b, values.length);
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("input '" + name + "' gets " + values[i] + " at index " + i);
            }
        }
        Object buffer = code.buffer(b.slot());
        if (buffer instanceof float[] f) {
            System.arraycopy(values, 0, f, 0, count);
        } else {
            double[] d = (double[]) buffer;
            for (int i = 0; i < count; i++) {
                d[i] = values[i];
            }
        }
        forwardDone = false;
        return this;
    }

    /** As {@link #setInput(String, int[], int)}, for float inputs. */
    public Program setInput(String name, double[] values, int offset) {
        ExposedBuffer b = floatInput(name);
        writeFloats(b, values, offset, requireAvailable(b, values.length, offset), "input");
        forwardDone = false;
        return this;
    }

    private ExposedBuffer intInput(String name) {
        ExposedBuffer b = lookup(BufferRole.INPUT, name);
        if (!b.isInt()) {
            throw new IllegalArgumentException("input '" + name + "' holds " + b.node().dtype() + " values; pass a double[]");
        }
        return b;
    }

    private ExposedBuffer floatInput(String name) {
        ExposedBuffer b = lookup(BufferRole.INPUT, name);
        if (b.isInt()) {
            throw new IllegalArgumentException("input '" + name + "' holds int ids; pass an int[]");
        }
        return b;
    }

    private Program copyInts(ExposedBuffer b, int[] values, int offset, int count) {
        Integer bound = idBounds.get(b.name());
        if (bound != null) {
            for (int i = 0; i < count; i++) {
                int id = values[offset + i];
                if (id < 0 || id >= bound) {
                    throw new IllegalArgumentException("input '" + b.name() + "': id " + id + " at position " + i
                            + " is out of range [0, " + bound + ")");
                }
            }
        }
        if (source.nonDecreasingInputs().contains(b.name())) {
            for (int i = 1; i < count; i++) {
                if (values[offset + i] < values[offset + i - 1]) {
                    throw new IllegalArgumentException("input '" + b.name() + "' holds segment ids, which must not decrease"
                            + " (each segment one contiguous run), but position " + i + " holds " + values[offset + i]
                            + " after " + values[offset + i - 1]);
                }
            }
        }
        System.arraycopy(values, offset, (int[]) code.buffer(b.slot()), 0, count);
        forwardDone = false;
        return this;
    }

    // ---- passes ----

    public void forward() {
        beginPass("forward");
        code.forward();
        forwardDone = true;
    }

    /** Computes the gradients of the loss; runs after {@link #forward()} on the same inputs. */
    public void backward() {
        if (spec.loss() == null) {
            throw new IllegalStateException("this program has no loss, so nothing to differentiate");
        }
        if (!forwardDone) {
            throw new IllegalStateException("backward() needs forward() first, after the last change of inputs or length");
        }
        beginPass("backward");
        code.backward();
    }

    /** forward, backward, then one optimizer update with learning rate {@code lr}. */
    public void step(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
        forward();
        backward();
        update(lr);
    }

    /** One optimizer update from the current gradients (after {@link #backward()}). */
    public void update(double lr) {
        beginUpdate(lr);
        updatePart(0, 1);
        endUpdate();
    }

    /** Starts an update that threads then apply in parts ({@link #updatePart}); Adam's step count advances. */
    void beginUpdate(double lr) {
        Optimizer opt = spec.optimizer();
        switch (opt.kind()) {
            case ADAM -> {
                optimizerSteps++;
                pendingBc1 = 1 - Math.pow(opt.beta1(), optimizerSteps);
                pendingBc2 = 1 - Math.pow(opt.beta2(), optimizerSteps);
            }
            case SGD -> { }
            default -> throw new IllegalStateException("this program was compiled without an optimizer");
        }
        pendingLr = lr;
        beginPass("update");
    }

    /** Part {@code part} of {@code parts} of the update begun (each param's elements in chunks; SGD in part 0). */
    void updatePart(int part, int parts) {
        if (spec.optimizer().kind() == Optimizer.Kind.ADAM) {
            code.adam(pendingLr, pendingBc1, pendingBc2, part, parts);
        } else if (part == 0) {
            code.sgd(pendingLr);
        }
    }

    /** Ends the update begun: every few dozen Adam steps, tiny moments are flushed. */
    void endUpdate() {
        if (spec.optimizer().kind() == Optimizer.Kind.ADAM && optimizerSteps % FLUSH_INTERVAL == 0) {
            code.flushTiny();
        }
        forwardDone = false;
    }

    private void beginPass(String pass) {
        if (guard != null) {
            guard.beginPass(pass, source.symbol(), code.length(), optimizerSteps);
        }
    }

    /** How many optimizer updates ran (Adam's t). */
    public int optimizerSteps() {
        return optimizerSteps;
    }

    /** Restores Adam's step count, e.g. from a checkpoint. */
    public void setOptimizerSteps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("optimizer steps must be >= 0, got " + steps);
        }
        this.optimizerSteps = steps;
    }

    // ---- reading and writing buffers ----

    /** The value of a scalar output. */
    public double scalar(String output) {
        ExposedBuffer b = lookup(BufferRole.OUTPUT, output);
        if (!b.node().shape().isScalar()) {
            throw new IllegalArgumentException("output '" + output + "' is " + b.node().type() + ", not a scalar");
        }
        return element(b, 0);
    }

    /** Copies an output into {@code dst}; returns the element count at the current length. */
    public int readOutput(String name, double[] dst) {
        return readFloats(lookup(BufferRole.OUTPUT, name), dst);
    }

    public double[] output(String name) {
        return copyOf(lookup(BufferRole.OUTPUT, name));
    }

    public double[] gradient(String param) {
        return copyOf(lookup(BufferRole.GRADIENT, param));
    }

    public int readGradient(String param, double[] dst) {
        return readFloats(lookup(BufferRole.GRADIENT, param), dst);
    }

    /**
     * Overwrites a param's gradient, e.g. with gradients summed elsewhere, for the next {@link #update}; the values
     * must be finite and fill the param's shape.
     */
    public Program setGradient(String param, double[] values) {
        ExposedBuffer b = lookup(BufferRole.GRADIENT, param);
        writeFloats(b, values, 0, requireCount(b, values.length), "gradient");
        return this;
    }

    public double[] param(String name) {
        return copyOf(lookup(BufferRole.PARAM, name));
    }

    public int readParam(String name, double[] dst) {
        return readFloats(lookup(BufferRole.PARAM, name), dst);
    }

    /** Overwrites a param's values; they must be finite and fill its shape exactly. */
    public Program setParam(String name, double[] values) {
        ExposedBuffer b = lookup(BufferRole.PARAM, name);
        writeFloats(b, values, 0, requireCount(b, values.length), "param");
        forwardDone = false;
        return this;
    }

    /** Writes every param to {@code file} atomically, with a checksum (static-shaped params only). */
    public void saveParams(java.nio.file.Path file) {
        ParamsFile.save(this, file);
    }

    /** Reads params saved by {@link #saveParams}; checks the file whole before changing any param. */
    public void loadParams(java.nio.file.Path file) {
        ParamsFile.load(this, file);
        forwardDone = false;
    }

    /** Adam's first or second moments of a param (role ADAM_M or ADAM_V). */
    public double[] optimizerState(BufferRole role, String param) {
        requireAdamRole(role);
        return copyOf(lookup(role, param));
    }

    public void setOptimizerState(BufferRole role, String param, double[] values) {
        requireAdamRole(role);
        ExposedBuffer b = lookup(role, param);
        writeFloats(b, values, 0, requireCount(b, values.length), "optimizer state");
    }

    /** Names of the buffers of one role, in declaration order. */
    public List<String> names(BufferRole role) {
        return List.copyOf(byRole.get(role).keySet());
    }

    /** The graph node behind a named buffer (its shape and dtype). */
    public Node node(BufferRole role, String name) {
        return lookup(role, name).node();
    }

    // ---- inspection ----

    /** The generated Java source. */
    public String source() {
        return source.text();
    }

    public String className() {
        return source.qualifiedName();
    }

    /** The largest method of the generated class in bytes of bytecode (HotSpot JIT-compiles up to 8,000). */
    public int largestMethodBytes() {
        return compiled.largestMethodBytes();
    }

    /** Bytecode size of every generated method. */
    public Map<String, Integer> methodSizes() {
        return compiled.methodSizes();
    }

    /** The generated class; programs compiled from identical source share it (compile cache). */
    public Class<? extends GeneratedProgram> generatedClass() {
        return compiled.type();
    }

    public Map<String, byte[]> bytecode() {
        return Collections.unmodifiableMap(compiled.bytecode());
    }

    /** How long compiling the generated source took, or loading its classes when {@link #fromCompileCache()}. */
    public long compileMillis() {
        return compiled.compileMillis();
    }

    /** Whether the classes came from the on-disk compile cache rather than from Janino. */
    public boolean fromCompileCache() {
        return compiled.fromDiskCache();
    }

    public int kernelCount() {
        return source.kernelCount();
    }

    /** Every generated method a pass calls, with the graph nodes it computes, in the order the passes call them. */
    public List<EmittedKernel> kernels() {
        return source.kernels();
    }

    public ProgramSpec spec() {
        return spec;
    }

    // ---- helpers ----

    private ExposedBuffer lookup(BufferRole role, String name) {
        ExposedBuffer b = byRole.get(role).get(name);
        if (b == null) {
            throw new IllegalArgumentException("no " + role.name().toLowerCase().replace('_', ' ') + " named '" + name
                    + "'; this program has " + new ArrayList<>(byRole.get(role).keySet()));
        }
        return b;
    }

    /** Element count at the current length: the fixed part times length^(symbolic axes); allocation-free. */
    private int count(ExposedBuffer b) {
        int n = fixedCounts[b.slot()];
        for (int i = 0; i < symbolicAxes[b.slot()]; i++) {
            n *= code.length();
        }
        return n;
    }

    private int requireCount(ExposedBuffer b, int given) {
        int expected = count(b);
        if (given != expected) {
            throw new IllegalArgumentException(b.role().name().toLowerCase() + " '" + b.name() + "' of shape "
                    + b.node().shape() + " takes " + expected + " values at length " + code.length() + ", got " + given);
        }
        return expected;
    }

    private int requireAvailable(ExposedBuffer b, int length, int offset) {
        int expected = count(b);
        if (offset < 0 || length - offset < expected) {
            throw new IllegalArgumentException("input '" + b.name() + "' of shape " + b.node().shape() + " takes " + expected
                    + " values at length " + code.length() + "; from offset " + offset + " the array has " + (length - offset));
        }
        return expected;
    }

    private void writeFloats(ExposedBuffer b, double[] values, int offset, int count, String what) {
        for (int i = 0; i < count; i++) {
            if (!Double.isFinite(values[offset + i])) {
                throw new IllegalArgumentException(what + " '" + b.name() + "' gets " + values[offset + i] + " at index " + i);
            }
        }
        Object buffer = code.buffer(b.slot());
        if (buffer instanceof double[] d) {
            System.arraycopy(values, offset, d, 0, count);
        } else {
            float[] f = (float[]) buffer;
            for (int i = 0; i < count; i++) {
                f[i] = (float) values[offset + i];
            }
        }
    }

    private int readFloats(ExposedBuffer b, double[] dst) {
        int count = count(b);
        if (dst.length < count) {
            throw new IllegalArgumentException("'" + b.name() + "' has " + count + " values; the destination holds " + dst.length);
        }
        Object buffer = code.buffer(b.slot());
        if (buffer instanceof double[] d) {
            System.arraycopy(d, 0, dst, 0, count);
        } else if (buffer instanceof float[] f) {
            for (int i = 0; i < count; i++) {
                dst[i] = f[i];
            }
        } else {
            int[] ints = (int[]) buffer;
            for (int i = 0; i < count; i++) {
                dst[i] = ints[i];
            }
        }
        return count;
    }

    private double element(ExposedBuffer b, int i) {
        Object buffer = code.buffer(b.slot());
        return buffer instanceof double[] d ? d[i] : ((float[]) buffer)[i];
    }

    private double[] copyOf(ExposedBuffer b) {
        double[] out = new double[count(b)];
        readFloats(b, out);
        return out;
    }

    private static void requireAdamRole(BufferRole role) {
        if (role != BufferRole.ADAM_M && role != BufferRole.ADAM_V) {
            throw new IllegalArgumentException("optimizer state is ADAM_M or ADAM_V, got " + role);
        }
    }
}
