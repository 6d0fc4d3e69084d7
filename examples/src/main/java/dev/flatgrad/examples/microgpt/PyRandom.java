package dev.flatgrad.examples.microgpt;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A port of CPython 3's {@code random} module (MT19937 from {@code Modules/_randommodule.c} plus the
 * pure-Python parts of {@code Lib/random.py}), so that microgpt.py's {@code random.seed(42)},
 * {@code shuffle}, {@code gauss} and {@code choices} produce the same numbers in Java.
 *
 * <p>Only what microgpt needs is ported: integer seeds, {@link #random()}, {@link #getrandbits(int)},
 * {@link #randbelow(long)}, {@link #gauss(double, double)}, {@link #shuffle(List)} and weighted
 * {@link #choices(int, double[])}. Not thread-safe (neither is Python's {@code gauss}).
 *
 * <p>Everything except {@code gauss} is pure integer and IEEE arithmetic and matches CPython bit for bit.
 * {@code gauss} draws the same uniforms and caches its second value at the same calls as CPython, but takes
 * log, cos and sin from {@link Math} instead of the C library CPython calls; these may differ from glibc's by
 * 1 ulp, so in rare draws (about 0.2% of N(0, 0.08) ones) the result differs from CPython's in the last bit
 * or two (at most 3 ulps seen in 100,000 draws).
 */
public final class PyRandom {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;
    private static final double TWOPI = 2.0 * Math.PI; // random.py: TWOPI = 2.0 * _pi

    private final int[] mt = new int[N]; // unsigned 32-bit words held in Java ints
    private int index;
    private boolean hasGaussNext;        // random.py's gauss_next is None or a float
    private double gaussNext;

    /** Same as Python's {@code random.Random(seed)}. */
    public PyRandom(long seed) {
        seed(seed);
    }

    /**
     * Same as Python's {@code random.seed(seed)} for an int: the absolute value is split into 32-bit words,
     * least significant first, and fed to MT19937's {@code init_by_array}; the cached gauss value is dropped.
     */
    public void seed(long seed) {
        // Math.abs(Long.MIN_VALUE) stays Long.MIN_VALUE, whose unsigned reading is 2^63 = abs(-2^63): still right.
        long n = Math.abs(seed);
        int[] key = (n >>> 32) == 0 ? new int[] {(int) n} : new int[] {(int) n, (int) (n >>> 32)};
        initByArray(key);
        hasGaussNext = false;
        gaussNext = 0.0;
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            // int arithmetic wraps mod 2^32 exactly like C's uint32_t; >>> is the unsigned shift
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000; // MSB is 1, assuring a non-zero initial array
    }

    /** The next raw 32-bit MT19937 output, as an int holding the unsigned value's bits. */
    private int genrandUint32() {
        if (index >= N) { // regenerate all N words at once
            int kk = 0;
            for (; kk < N - M; kk++) {
                int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
            }
            for (; kk < N - 1; kk++) {
                int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
            }
            int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
            mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** Python's {@code random()}: a double in [0, 1) built from 27 + 26 random bits. */
    public double random() {
        long a = genrandUint32() >>> 5; // evaluation order matters: a is drawn before b, as in the C code
        long b = genrandUint32() >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /**
     * Python's {@code getrandbits(k)} for 0 &lt;= k &lt;= 64. For k = 64 the result is the unsigned value's
     * bit pattern (it can be negative as a Java long).
     */
    public long getrandbits(int k) {
        if (k < 0 || k > 64) {
            throw new IllegalArgumentException("getrandbits: number of bits must be in 0..64, got " + k);
        }
        if (k == 0) {
            return 0;
        }
        if (k <= 32) {
            return Integer.toUnsignedLong(genrandUint32()) >>> (32 - k);
        }
        // Python fills whole 32-bit words from least to most significant; only the last word is truncated,
        // by dropping its low bits.
        long low = Integer.toUnsignedLong(genrandUint32());
        long high = Integer.toUnsignedLong(genrandUint32()) >>> (64 - k);
        return (high << 32) | low;
    }

    /**
     * Python's {@code _randbelow(n)} (the getrandbits variant): a uniform int in [0, n), by drawing
     * {@code n.bit_length()} bits and rejecting values &gt;= n.
     */
    public long randbelow(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("randbelow: n must be positive, got " + n);
        }
        int k = 64 - Long.numberOfLeadingZeros(n); // n.bit_length(), deliberately not that of n - 1
        long r = getrandbits(k);
        while (r >= n) {
            r = getrandbits(k);
        }
        return r;
    }

    /**
     * Python's {@code gauss(mu, sigma)}: Box-Muller producing two normals per pair of uniforms, the second
     * one cached for the next call (and dropped by {@link #seed(long)}).
     */
    public double gauss(double mu, double sigma) {
        double z;
        if (hasGaussNext) {
            z = gaussNext;
            hasGaussNext = false;
        } else {
            double x2pi = random() * TWOPI;
            // Math's log/cos/sin, not the C library's as in CPython: see the class comment
            double g2rad = Math.sqrt(-2.0 * Math.log(1.0 - random()));
            z = Math.cos(x2pi) * g2rad;
            gaussNext = Math.sin(x2pi) * g2rad;
            hasGaussNext = true;
        }
        return mu + z * sigma;
    }

    /** Python's {@code shuffle(x)}: Fisher-Yates from the end, using {@link #randbelow(long)}. */
    public <T> void shuffle(List<T> x) {
        for (int i = x.size() - 1; i > 0; i--) {
            int j = (int) randbelow(i + 1L);
            T tmp = x.get(i);
            x.set(i, x.get(j));
            x.set(j, tmp);
        }
    }

    /**
     * One draw of {@code random.choices(range(n), weights=weights)[0]}: the index i whose cumulative weight
     * bracket contains {@code random() * total}. As in Python, individual weights are not checked (only
     * the total must be positive and finite), and exactly one {@link #random()} is consumed.
     */
    public int choices(int n, double[] weights) {
        if (weights == null) {
            throw new IllegalArgumentException("choices: weights must not be null");
        }
        if (n <= 0) {
            throw new IllegalArgumentException("choices: population size n must be positive, got " + n);
        }
        if (weights.length != n) {
            throw new IllegalArgumentException("choices: the number of weights (" + weights.length
                    + ") does not match the population size n (" + n + ")");
        }
        double[] cum = new double[n];
        double acc = 0.0;
        for (int i = 0; i < n; i++) {
            acc = i == 0 ? weights[0] : acc + weights[i]; // itertools.accumulate: sums left to right
            cum[i] = acc;
        }
        double total = cum[n - 1] + 0.0;
        if (total <= 0.0) { // NaN passes here and is caught as not finite, as in Python
            throw new IllegalArgumentException("choices: total of weights must be greater than zero, got " + total);
        }
        if (!Double.isFinite(total)) {
            throw new IllegalArgumentException("choices: total of weights must be finite, got " + total);
        }
        return bisectRight(cum, random() * total, 0, n - 1);
    }

    /** Python's {@code bisect.bisect_right(a, x, lo, hi)}. */
    private static int bisectRight(double[] a, double x, int lo, int hi) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x < a[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    // ---- state capture for checkpoints -------------------------------------------------------------

    /** A snapshot of the generator, like Python's {@code getstate()}: 624 MT words, the index and gauss_next. */
    public static final class State {
        private static final int VERSION = 1;
        /** Size of {@link #toBytes()}: version, 624 words, index, gauss flag, gauss value. */
        public static final int BYTES = 4 + 4 * N + 4 + 1 + 8;

        private final int[] mt;
        private final int index;
        private final boolean hasGaussNext;
        private final double gaussNext;

        /**
         * @param mt           the 624 state words (unsigned 32-bit values as ints); copied
         * @param index        position of the next word to temper, 0..624 (624 means "regenerate first")
         * @param hasGaussNext whether a cached second gauss value is present
         * @param gaussNext    the cached value (ignored, and stored as 0.0, when absent)
         */
        public State(int[] mt, int index, boolean hasGaussNext, double gaussNext) {
            if (mt == null || mt.length != N) {
                throw new IllegalArgumentException("PyRandom.State: expected " + N + " state words, got "
                        + (mt == null ? "null" : mt.length));
            }
            if (index < 0 || index > N) {
                throw new IllegalArgumentException("PyRandom.State: index must be in 0.." + N + ", got " + index);
            }
            this.mt = mt.clone();
            this.index = index;
            this.hasGaussNext = hasGaussNext;
            this.gaussNext = hasGaussNext ? gaussNext : 0.0;
        }

        /** A copy of the 624 state words. */
        public int[] mt() {
            return mt.clone();
        }

        public int index() {
            return index;
        }

        public boolean hasGaussNext() {
            return hasGaussNext;
        }

        /** The cached gauss value; only meaningful when {@link #hasGaussNext()}. */
        public double gaussNext() {
            return gaussNext;
        }

        /** Fixed-size big-endian encoding ({@value #BYTES} bytes), read back by {@link #fromBytes(byte[])}. */
        public byte[] toBytes() {
            ByteBuffer buf = ByteBuffer.allocate(BYTES);
            buf.putInt(VERSION);
            for (int w : mt) {
                buf.putInt(w);
            }
            buf.putInt(index);
            buf.put((byte) (hasGaussNext ? 1 : 0));
            buf.putLong(Double.doubleToRawLongBits(gaussNext));
            return buf.array();
        }

        public static State fromBytes(byte[] bytes) {
            if (bytes == null || bytes.length != BYTES) {
                throw new IllegalArgumentException("PyRandom.State: expected " + BYTES + " bytes, got "
                        + (bytes == null ? "null" : bytes.length));
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            int version = buf.getInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("PyRandom.State: unsupported format version " + version
                        + " (expected " + VERSION + ")");
            }
            int[] words = new int[N];
            for (int i = 0; i < N; i++) {
                words[i] = buf.getInt();
            }
            int index = buf.getInt();
            byte flag = buf.get();
            if (flag != 0 && flag != 1) {
                throw new IllegalArgumentException("PyRandom.State: corrupt gauss flag " + flag);
            }
            double gauss = Double.longBitsToDouble(buf.getLong());
            return new State(words, index, flag == 1, gauss);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && index == s.index && hasGaussNext == s.hasGaussNext
                    && Double.compare(gaussNext, s.gaussNext) == 0 && Arrays.equals(mt, s.mt);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(mt) + index) + (hasGaussNext ? Double.hashCode(gaussNext) : 0);
        }

        @Override
        public String toString() {
            return "PyRandom.State[index=" + index + ", gaussNext=" + (hasGaussNext ? gaussNext : "None") + "]";
        }
    }

    /** Like Python's {@code getstate()}. */
    public State state() {
        return new State(mt, index, hasGaussNext, gaussNext);
    }

    /** Like Python's {@code setstate()}: continues exactly where {@code state} was taken. */
    public void restore(State state) {
        if (state == null) {
            throw new IllegalArgumentException("PyRandom.restore: state must not be null");
        }
        System.arraycopy(state.mt, 0, mt, 0, N);
        index = state.index;
        hasGaussNext = state.hasGaussNext;
        gaussNext = state.gaussNext;
    }
}
