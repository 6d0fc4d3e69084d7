package dev.flatgrad.codegen.runtime;

/**
 * The base class of every generated program. Generated subclasses hold all buffers as array
 * fields and implement the passes as flat loops; {@link Program} wraps one with names and checks.
 * Generated code compiles against this class alone (plus the JDK), with Janino or with javac.
 */
public abstract class GeneratedProgram {
    /** The run-time size of the program's symbolic dimension (1 when it has none). */
    protected int length = 1;
    /** Set only in programs compiled to check numerics; their kernels report each result to it. */
    private NumericsGuard guard;

    final void setGuard(NumericsGuard guard) {
        this.guard = guard;
    }

    /** The numerics check of a program compiled with {@code checkNumerics}; generated code calls it. */
    public final NumericsGuard guard() {
        return guard;
    }

    public final void setLength(int length) {
        this.length = length;
    }

    public final int length() {
        return length;
    }

    /** Computes the forward outputs (and the loss). */
    public abstract void forward();

    /** Computes the gradients; needs the forward pass of the same inputs first. */
    public abstract void backward();

    /**
     * One Adam update of part {@code part} of {@code parts} of every trained param ({@code bc1} and {@code bc2} are
     * {@code 1 - beta^t}): the elements of each param split in {@code parts} chunks of a multiple of
     * {@link #UPDATE_ALIGNMENT} elements, so that threads can update a param's chunks at once.
     */
    public abstract void adam(double lr, double bc1, double bc2, int part, int parts);

    /** Chunks of an update are a multiple of this many elements (whole vectors of any width up to 512 bits). */
    public static final int UPDATE_ALIGNMENT = 16;

    /** The first element of chunk {@code part} of {@code parts} of {@code n} elements. */
    public static int chunkStart(int n, int part, int parts) {
        return Math.min(n, part * chunkSize(n, parts));
    }

    /** The end (exclusive) of chunk {@code part} of {@code parts} of {@code n} elements. */
    public static int chunkEnd(int n, int part, int parts) {
        return Math.min(n, chunkStart(n, part, parts) + chunkSize(n, parts));
    }

    private static int chunkSize(int n, int parts) {
        int chunk = (n + parts - 1) / parts;
        return (chunk + UPDATE_ALIGNMENT - 1) / UPDATE_ALIGNMENT * UPDATE_ALIGNMENT;
    }

    /** Sets Adam moments too small to matter to zero, so they never decay into slow subnormals. */
    public abstract void flushTiny();

    /** One SGD update of every trained param. */
    public abstract void sgd(double lr);

    /** The array behind buffer slot {@code slot}: a double[], float[] or int[]. */
    public abstract Object buffer(int slot);

    /** Makes param slot {@code slot} use {@code array} (of its type and size), e.g. another program's; other slots are ignored. */
    public abstract void shareParam(int slot, Object array);

    /** Decodes a large constant table stored as 16 hex digits per value (raw IEEE bits). */
    protected static double[] decodeDoubles(String[] chunks) {
        int count = 0;
        for (String c : chunks) {
            count += c.length() / 16;
        }
        double[] out = new double[count];
        int i = 0;
        for (String c : chunks) {
            for (int at = 0; at < c.length(); at += 16) {
                out[i++] = Double.longBitsToDouble(Long.parseUnsignedLong(c.substring(at, at + 16), 16));
            }
        }
        return out;
    }

    /** {@link #decodeDoubles}, narrowed to float. */
    protected static float[] decodeFloats(String[] chunks) {
        double[] d = decodeDoubles(chunks);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }
}
