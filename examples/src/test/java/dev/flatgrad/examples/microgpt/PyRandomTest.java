package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link PyRandom} against CPython, using the sequences dumped by
 * {@code examples/src/test/python/dump_pyrandom_reference.py} into {@code pyrandom/reference.txt}.
 * Every double is compared bit for bit, except the values gauss() returns (see {@link #GAUSS_ULPS}).
 */
class PyRandomTest {
    private static final List<Section> REF = Section.load("/pyrandom/reference.txt");

    /**
     * gauss() uses Java's Math.log/cos/sin where CPython uses the C library's. Each may differ by 1 ulp, which
     * Box-Muller's products grow to a few ulps of the result (at most 3 in 100,000 N(0, 0.08) draws against
     * glibc 2.36). Counted in ulps of the larger of |mu| and the deviation, as adding mu cancels digits.
     */
    private static final int GAUSS_ULPS = 4;
    /** Such differences must stay rare: about 0.2% of draws differ at all. */
    private static final double GAUSS_MAX_DIFFERING_SHARE = 0.01;

    @Test
    void randomMatchesPythonForEverySeed() {
        List<Section> sections = sections("random");
        assertTrue(sections.size() >= 8, "reference lists random() for several seeds");
        for (Section s : sections) {
            PyRandom r = new PyRandom(s.longParam("seed"));
            for (int i = 0; i < s.values.size(); i++) {
                assertBits(s.doubleValue(i), r.random(), "seed " + s.param("seed") + ", random() #" + i);
            }
        }
    }

    @Test
    void negativeSeedsUseTheAbsoluteValue() {
        PyRandom a = new PyRandom(-42);
        PyRandom b = new PyRandom(42);
        for (int i = 0; i < 10; i++) {
            assertBits(b.random(), a.random(), "random() #" + i);
        }
        // abs(Long.MIN_VALUE) = 2^63 does not fit a long; Python's line for -2**63 pins the handling down
        assertTrue(sections("random").stream().anyMatch(s -> s.longParam("seed") == Long.MIN_VALUE));
    }

    @Test
    void getrandbitsMatchesPythonForEachWidth() {
        for (Section s : sections("getrandbits")) {
            int k = s.intParam("k");
            PyRandom r = new PyRandom(s.longParam("seed"));
            for (int i = 0; i < s.values.size(); i++) {
                assertEquals(s.unsignedValue(i), r.getrandbits(k), "getrandbits(" + k + ") #" + i);
            }
        }
        Section mixed = section("getrandbits_mixed");
        int[] ks = Arrays.stream(mixed.param("ks").split(",")).mapToInt(Integer::parseInt).toArray();
        PyRandom r = new PyRandom(mixed.longParam("seed"));
        for (int i = 0; i < mixed.values.size(); i++) {
            int k = ks[i % ks.length];
            assertEquals(mixed.unsignedValue(i), r.getrandbits(k), "mixed getrandbits(" + k + ") #" + i);
        }
    }

    @Test
    void randbelowMatchesPython() {
        for (Section s : sections("randbelow")) {
            long n = s.longParam("n");
            PyRandom r = new PyRandom(s.longParam("seed"));
            for (int i = 0; i < s.values.size(); i++) {
                assertEquals(s.unsignedValue(i), r.randbelow(n), "_randbelow(" + n + ") #" + i);
            }
        }
    }

    @Test
    void gaussMatchesPythonToAFewUlpsAndRarelyDiffers() {
        GaussTally tally = new GaussTally();
        for (Section s : sections("gauss")) {
            double mu = s.doubleParam("mu");
            double sigma = s.doubleParam("sigma");
            PyRandom r = new PyRandom(s.longParam("seed"));
            for (int i = 0; i < s.values.size(); i++) {
                tally.check(s.doubleValue(i), r.gauss(mu, sigma), mu, "gauss(" + mu + ", " + sigma + ") #" + i);
            }
        }
        assertTrue(tally.draws >= 1000, "reference lists at least 1000 gauss draws");
        tally.assertRare("gauss draws");
    }

    /**
     * Exactly, whatever the libm: the first call draws two uniforms and caches its second normal, the next call
     * returns that cached value (scaled by its own mu and sigma) without drawing, the third draws again, and
     * seed() drops a cached value.
     */
    @Test
    void gaussReturnsItsCachedValueOnTheNextCall() {
        PyRandom r = new PyRandom(42);
        r.gauss(0.0, 1.0);
        PyRandom.State cached = r.state();
        assertTrue(cached.hasGaussNext());
        assertBits(1.5 + cached.gaussNext() * 2.0, r.gauss(1.5, 2.0), "second call: the cached value");
        assertFalse(r.state().hasGaussNext(), "the cached value is used once");
        r.gauss(0.0, 1.0);

        PyRandom uniforms = new PyRandom(42);
        for (int i = 0; i < 4; i++) {
            uniforms.random();
        }
        assertBits(uniforms.random(), r.random(), "three gauss calls consume four random() draws");

        assertTrue(r.state().hasGaussNext());
        r.seed(42);
        assertEquals(new PyRandom(42).state(), r.state(), "seed() drops the cached value");
    }

    @Test
    void shuffleMatchesPython() {
        for (Section s : sections("shuffle")) {
            PyRandom r = new PyRandom(s.longParam("seed"));
            List<Integer> x = range(s.intParam("n"));
            r.shuffle(x);
            assertEquals(s.values.stream().map(Integer::valueOf).toList(), x);
            assertBits(after("random_after_shuffle", s.intParam("n")).doubleValue(0), r.random(),
                    "random() after shuffle: same number of draws as Python");
        }
    }

    @Test
    void microgptSizedShuffleMatchesPython() {
        Section head = section("shuffle_head");
        int n = head.intParam("n");
        PyRandom r = new PyRandom(head.longParam("seed"));
        List<Integer> x = range(n);
        r.shuffle(x);
        assertEquals(head.values.stream().map(Integer::valueOf).toList(), x.subList(0, head.values.size()));
        long checksum = 0;
        for (int i = 0; i < n; i++) {
            checksum += (long) i * x.get(i);
        }
        assertEquals(section("shuffle_checksum").longValue(0), checksum, "sum(i * x[i]) after shuffle");
        assertBits(after("random_after_shuffle", n).doubleValue(0), r.random(), "random() after shuffle");
    }

    @Test
    void choicesMatchesPython() {
        List<Section> sections = sections("choices");
        assertFalse(sections.isEmpty());
        for (Section s : sections) {
            double[] w = Arrays.stream(s.param("weights").split(",")).mapToDouble(Double::parseDouble).toArray();
            PyRandom r = new PyRandom(s.longParam("seed"));
            for (int i = 0; i < s.values.size(); i++) {
                assertEquals(Integer.parseInt(s.values.get(i)), r.choices(w.length, w),
                        "choices with weights " + s.param("weights") + " #" + i);
            }
        }
    }

    /**
     * gauss's cached second value must survive other calls and be dropped by seed(), as in Python. Every
     * non-gauss result is exact, so the number of draws each gauss call consumes is checked exactly.
     */
    @Test
    void mixedSequenceMatchesPython() {
        Section s = section("mixed");
        String[] ops = s.param("ops").split(",");
        assertEquals(ops.length, s.values.size());
        PyRandom r = new PyRandom(s.longParam("seed"));
        for (int i = 0; i < ops.length; i++) {
            String op = ops[i];
            String expected = s.values.get(i);
            String where = "op #" + i + " (" + op + ")";
            if (op.equals("g")) {
                assertGaussClose(Double.parseDouble(expected), r.gauss(0.0, 1.0), 0.0, where);
            } else if (op.equals("r")) {
                assertBits(Double.parseDouble(expected), r.random(), where);
            } else if (op.equals("c")) {
                assertEquals(Integer.parseInt(expected), r.choices(3, new double[] {0.2, 0.5, 0.3}), where);
            } else if (op.startsWith("seed")) {
                r.seed(Long.parseLong(op.substring(4)));
            } else if (op.startsWith("s")) {
                List<Integer> x = range(Integer.parseInt(op.substring(1)));
                r.shuffle(x);
                assertEquals(expected, x.stream().map(String::valueOf).collect(Collectors.joining(",")), where);
            } else if (op.startsWith("b")) {
                assertEquals(Long.parseLong(expected), r.getrandbits(Integer.parseInt(op.substring(1))), where);
            } else {
                fail("unknown op in reference: " + op);
            }
        }
    }

    @Test
    void stateMatchesPythonGetstate() {
        for (Section s : sections("state")) {
            PyRandom r = new PyRandom(s.longParam("seed"));
            if (!s.param("ops").equals("none")) {
                for (String op : s.param("ops").split(",")) {
                    if (op.equals("r")) {
                        r.random();
                    } else {
                        r.gauss(0.0, 1.0);
                    }
                }
            }
            PyRandom.State state = r.state();
            assertEquals(Integer.parseInt(s.values.get(0)), state.index(), "index after " + s.param("ops"));
            String gaussNext = s.values.get(1);
            assertEquals(!gaussNext.equals("None"), state.hasGaussNext(), "gauss_next present");
            if (state.hasGaussNext()) {
                assertGaussClose(Double.parseDouble(gaussNext), state.gaussNext(), 0.0, "gauss_next");
            }
            int[] words = s.values.subList(2, s.values.size()).stream().mapToInt(Integer::parseUnsignedInt).toArray();
            assertArrayEquals(words, state.mt(), "the 624 MT words after " + s.param("ops"));
        }
    }

    // ---- state capture -------------------------------------------------------------------------------

    @Test
    void restoringAStateReplaysTheSameDraws() {
        PyRandom r = new PyRandom(42);
        r.shuffle(range(1000));
        r.gauss(0.0, 0.08); // leaves a cached gauss value in the snapshot
        PyRandom.State saved = r.state();
        assertTrue(saved.hasGaussNext());
        double[] first = drawMixed(r);

        r.restore(saved);
        assertArrayEquals(first, drawMixed(r), "same instance after restore");

        PyRandom other = new PyRandom(7);
        other.restore(PyRandom.State.fromBytes(saved.toBytes()));
        assertArrayEquals(first, drawMixed(other), "another instance restored from bytes");
    }

    @Test
    void stateBytesRoundTrip() {
        PyRandom r = new PyRandom(123);
        for (int i = 0; i < 700; i++) { // crosses a twist of the 624 words
            r.random();
        }
        for (PyRandom.State s : List.of(r.state(), afterGauss(r), new PyRandom(0).state())) {
            byte[] bytes = s.toBytes();
            assertEquals(PyRandom.State.BYTES, bytes.length);
            PyRandom.State back = PyRandom.State.fromBytes(bytes);
            assertEquals(s, back);
            assertEquals(s.hashCode(), back.hashCode());
            assertArrayEquals(s.mt(), back.mt());
            assertEquals(s.index(), back.index());
            assertEquals(s.hasGaussNext(), back.hasGaussNext());
            assertBits(s.gaussNext(), back.gaussNext(), "gauss_next");
        }
    }

    @Test
    void stateIsAnImmutableSnapshot() {
        PyRandom r = new PyRandom(42);
        PyRandom.State s = r.state();
        int[] words = s.mt();
        words[0] ^= 1;
        assertNotEquals(words[0], s.mt()[0], "mt() hands out a copy");
        r.random();
        assertEquals(PyRandom.State.BYTES, s.toBytes().length);
        assertEquals(new PyRandom(42).state(), s, "drawing does not change an earlier snapshot");
        assertNotEquals(r.state(), s);
    }

    // ---- errors --------------------------------------------------------------------------------------

    @Test
    void badArgumentsFailWithClearMessages() {
        PyRandom r = new PyRandom(1);
        assertMessage(() -> r.choices(3, new double[] {0.0, 0.0, 0.0}), "total of weights must be greater than zero");
        assertMessage(() -> r.choices(2, new double[] {-1.0, 0.5}), "total of weights must be greater than zero");
        assertMessage(() -> r.choices(-1, new double[0]), "population size n must be positive, got -1");
        assertMessage(() -> r.choices(0, new double[0]), "population size n must be positive, got 0");
        assertMessage(() -> r.choices(3, new double[] {1.0, 2.0}), "number of weights (2) does not match");
        assertMessage(() -> r.choices(2, null), "weights must not be null");
        assertMessage(() -> r.choices(2, new double[] {1.0, Double.NaN}), "total of weights must be finite");
        assertMessage(() -> r.choices(2, new double[] {1.0, Double.POSITIVE_INFINITY}), "must be finite");
        assertMessage(() -> r.getrandbits(-1), "number of bits must be in 0..64, got -1");
        assertMessage(() -> r.getrandbits(65), "number of bits must be in 0..64, got 65");
        assertMessage(() -> r.randbelow(0), "n must be positive, got 0");
        assertMessage(() -> r.restore(null), "state must not be null");
        assertMessage(() -> PyRandom.State.fromBytes(new byte[10]),
                "expected " + PyRandom.State.BYTES + " bytes, got 10");
        byte[] badVersion = r.state().toBytes();
        badVersion[3] = 9;
        assertMessage(() -> PyRandom.State.fromBytes(badVersion), "unsupported format version 9");
        assertMessage(() -> new PyRandom.State(new int[3], 0, false, 0.0), "expected 624 state words, got 3");
        assertMessage(() -> new PyRandom.State(new int[624], 625, false, 0.0), "index must be in 0..624, got 625");

        // a failed call draws nothing
        PyRandom fresh = new PyRandom(1);
        assertBits(fresh.random(), r.random(), "no numbers consumed by rejected calls");
    }

    // ---- microgpt end to end -------------------------------------------------------------------------

    /**
     * microgpt.py's own start: seed 42, shuffle the names, then N(0, 0.08) for every weight in state_dict
     * order. The shuffle must equal microgpt.py's exactly, the weights those dumped in
     * microgpt/first_step_reference.txt to a few ulps (see {@link #GAUSS_ULPS}).
     */
    @Test
    void reproducesMicrogptShuffleAndInitialWeights() throws IOException {
        List<String> docs = new ArrayList<>(Documents.load(SharedData.namesTxt()).documents());
        PyRandom random = new PyRandom(42);
        random.shuffle(docs);
        assertEquals("yuheng", docs.get(0), "first document after random.shuffle(docs)");

        MicrogptReference ref = MicrogptReference.load();
        double[] wte = ref.params().get("wte");
        assertTrue(wte != null && wte.length > 0, "reference has a param wte block");
        GaussTally tally = new GaussTally();
        for (Map.Entry<String, double[]> param : ref.params().entrySet()) {
            double[] expected = param.getValue();
            for (int i = 0; i < expected.length; i++) {
                tally.check(expected[i], random.gauss(0, 0.08), 0.0,
                        param.getKey() + "[" + i + "] (draw #" + tally.draws + ")");
            }
        }
        assertEquals(4192, tally.draws, "microgpt's parameter count");
        tally.assertRare("microgpt initial weights");
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static double[] drawMixed(PyRandom r) {
        double[] out = new double[40];
        for (int i = 0; i < out.length; i += 4) {
            out[i] = r.gauss(0.0, 1.0);
            out[i + 1] = r.random();
            out[i + 2] = r.getrandbits(37);
            out[i + 3] = r.choices(4, new double[] {1, 2, 3, 4});
        }
        return out;
    }

    private static PyRandom.State afterGauss(PyRandom r) {
        r.gauss(0.0, 1.0);
        return r.state();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toCollection(ArrayList::new));
    }

    private static void assertBits(double expected, double actual, String what) {
        if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
            fail(what + ": Python " + expected + " (" + Double.toHexString(expected) + "), PyRandom " + actual
                    + " (" + Double.toHexString(actual) + ")");
        }
    }

    /** Python's gauss value and ours agree to {@link #GAUSS_ULPS}; returns the distance in those ulps. */
    private static double assertGaussClose(double expected, double actual, double mu, String what) {
        double ulps = Math.abs(expected - actual) / Math.ulp(Math.max(Math.abs(mu), Math.abs(expected - mu)));
        if (!(ulps <= GAUSS_ULPS)) {
            fail(what + ": Python " + expected + ", PyRandom " + actual + ", " + ulps + " ulps apart (at most "
                    + GAUSS_ULPS + " allowed)");
        }
        return ulps;
    }

    /** Checks gauss values with {@link #assertGaussClose} and counts those that differ at all. */
    private static final class GaussTally {
        int draws;
        int differing;
        double maxUlps;

        void check(double expected, double actual, double mu, String what) {
            double ulps = assertGaussClose(expected, actual, mu, what);
            draws++;
            if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
                differing++;
            }
            maxUlps = Math.max(maxUlps, ulps);
        }

        /** Prints the count and requires it to be at most {@link #GAUSS_MAX_DIFFERING_SHARE} of the draws. */
        void assertRare(String what) {
            String summary = differing + " of " + draws + " " + what + " differ from Python's, by at most "
                    + maxUlps + " ulps";
            System.out.println("PyRandomTest: " + summary);
            assertTrue(differing <= GAUSS_MAX_DIFFERING_SHARE * draws, summary + ": too many to be rounding");
        }
    }

    private static void assertMessage(Executable call, String expectedPart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expectedPart),
                "message \"" + e.getMessage() + "\" should mention \"" + expectedPart + "\"");
    }

    private static List<Section> sections(String kind) {
        return REF.stream().filter(s -> s.kind.equals(kind)).toList();
    }

    private static Section section(String kind) {
        List<Section> found = sections(kind);
        assertEquals(1, found.size(), "reference sections of kind " + kind);
        return found.get(0);
    }

    private static Section after(String kind, int n) {
        return sections(kind).stream().filter(s -> s.intParam("n") == n).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " line for n=" + n));
    }

    /** One reference line: {@code kind key=value ... : value value ...}. */
    private record Section(String kind, Map<String, String> params, List<String> values) {
        static List<Section> load(String resource) {
            try (InputStream in = PyRandomTest.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("test resource " + resource + " is missing; regenerate it with "
                            + "examples/src/test/python/dump_pyrandom_reference.py");
                }
                List<Section> out = new ArrayList<>();
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    int colon = line.indexOf(" : ");
                    String[] head = line.substring(0, colon).split(" ");
                    Map<String, String> params = new LinkedHashMap<>();
                    for (int i = 1; i < head.length; i++) {
                        int eq = head[i].indexOf('=');
                        params.put(head[i].substring(0, eq), head[i].substring(eq + 1));
                    }
                    String tail = line.substring(colon + 3).trim();
                    out.add(new Section(head[0], params, tail.isEmpty() ? List.of() : List.of(tail.split(" "))));
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String param(String key) {
            String v = params.get(key);
            if (v == null) {
                throw new IllegalStateException(kind + " line has no " + key + "=: " + params);
            }
            return v;
        }

        long longParam(String key) {
            return Long.parseLong(param(key));
        }

        int intParam(String key) {
            return Integer.parseInt(param(key));
        }

        double doubleParam(String key) {
            return Double.parseDouble(param(key));
        }

        double doubleValue(int i) {
            return Double.parseDouble(values.get(i));
        }

        long longValue(int i) {
            return Long.parseLong(values.get(i));
        }

        /** A Python int in 0..2^64-1, as the long with the same 64 bits. */
        long unsignedValue(int i) {
            return new BigInteger(values.get(i)).longValue();
        }
    }
}
