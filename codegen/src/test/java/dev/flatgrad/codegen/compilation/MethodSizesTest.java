package dev.flatgrad.codegen.compilation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.codehaus.janino.SimpleCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MethodSizesTest {
    @TempDir Path tmp;

    // ---- exact sizes of javac output (the instruction sequences are what `javap -c` shows) ----

    @Test
    void emptyMethodIsOneReturnAndSmallConstantIsBipushIreturn() {
        byte[] bytes = javac("Small", """
                class Small {
                    void f() {}
                    int g() { return 42; }
                    int g(int x) { return x; }
                }
                """);
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("<init>()V", 5); // aload_0; invokespecial Object.<init>; return
        expected.put("f()V", 1); // return
        expected.put("g()I", 3); // bipush 42; ireturn
        expected.put("g(I)I", 2); // iload_1; ireturn
        assertEquals(expected, MethodSizes.of(bytes));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(MethodSizes.of(bytes).keySet()));
        assertEquals(5, MethodSizes.largest(bytes));
    }

    @Test
    void constantsIncludingTwoSlotLongAndDoublePoolEntries() {
        byte[] bytes = javac("Constants", """
                class Constants {
                    long l() { return 123456789012L; }
                    double d() { return 2.718281828; }
                    int i() { return 100000; }
                    float f() { return 2.5f; }
                    String s() { return "flat"; }
                    long zero() { return 0L; }
                }
                """);
        Map<String, Integer> sizes = MethodSizes.of(bytes);
        assertEquals(4, sizes.get("l()J")); // ldc2_w (Long entry); lreturn
        assertEquals(4, sizes.get("d()D")); // ldc2_w (Double entry); dreturn
        assertEquals(3, sizes.get("i()I")); // ldc (Integer entry); ireturn
        assertEquals(3, sizes.get("f()F")); // ldc (Float entry); freturn
        assertEquals(3, sizes.get("s()Ljava/lang/String;")); // ldc (String entry); areturn
        assertEquals(2, sizes.get("zero()J")); // lconst_0; lreturn
        assertEquals(7, sizes.size());
    }

    @Test
    void lambdasMethodReferencesAndStringConcatUseInvokedynamic() {
        byte[] bytes = javac("Lambdas", """
                import java.util.function.Supplier;
                class Lambdas {
                    Runnable r() { return () -> {}; }
                    String concat(String a) { return a + "!"; }
                    Supplier<Object> ref() { return Object::new; }
                }
                """);
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("<init>()V", 5);
        expected.put("r()Ljava/lang/Runnable;", 6); // invokedynamic; areturn
        expected.put("concat(Ljava/lang/String;)Ljava/lang/String;", 7); // aload_1; invokedynamic; areturn
        expected.put("ref()Ljava/util/function/Supplier;", 6); // invokedynamic; areturn
        expected.put("lambda$r$0()V", 1); // the lambda body: return
        assertEquals(expected, MethodSizes.of(bytes));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(MethodSizes.of(bytes).keySet()));
    }

    @Test
    void abstractAndNativeMethodsReportZero() {
        byte[] shapes = javac("Shapes", """
                abstract class Shapes {
                    abstract double area();
                    native long nativeCall();
                    double twice() { return 2 * area(); }
                }
                """);
        Map<String, Integer> sizes = MethodSizes.of(shapes);
        assertEquals(0, sizes.get("area()D"));
        assertEquals(0, sizes.get("nativeCall()J"));
        assertEquals(9, sizes.get("twice()D")); // ldc2_w 2.0; aload_0; invokevirtual; dmul; dreturn

        byte[] shape = javac("Shape", """
                interface Shape {
                    double area();
                    default double twice() { return 2 * area(); }
                }
                """);
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("area()D", 0);
        expected.put("twice()D", 11); // as above, but invokeinterface is 5 bytes
        assertEquals(expected, MethodSizes.of(shape));
    }

    @Test
    void repeatedStatementsGrowLinearlyUpToAndPastTheHotSpotLimit() {
        for (int n : new int[] {0, 1, 10, 100, 1000}) {
            assertEquals(3 * n + 2, MethodSizes.of(javac("Repeat", repeated(n))).get("sum(I)I"), "n=" + n);
        }
        // x += 7 is `iinc 1, 7` (3 bytes), plus iload_1; ireturn: 2666 statements are exactly the limit.
        assertEquals(MethodSizes.HUGE_METHOD_LIMIT, MethodSizes.largest(javac("Repeat", repeated(2666))));
        assertEquals(MethodSizes.HUGE_METHOD_LIMIT + 3, MethodSizes.largest(javac("Repeat", repeated(2667))));
    }

    @Test
    void moduleInfoIsRefusedForItsModuleConstantWhichJaninoNeverEmits() {
        Map<String, byte[]> classes = javac(Map.of(
                "module-info.java", "module flatgrad.sizes { exports p; }",
                "p/A.java", "package p; public class A {}"));
        byte[] moduleInfo = classes.get("module-info");
        assertNotNull(moduleInfo, classes.keySet()::toString);
        assertEquals("Unreadable class file: Invalid constant pool tag 19",
                assertThrows(IllegalArgumentException.class, () -> MethodSizes.of(moduleInfo)).getMessage());
        assertEquals(Map.of("<init>()V", 5), MethodSizes.of(classes.get("p.A")));
    }

    // ---- an independent oracle: a class assembled by hand with known method sizes ----

    @Test
    void handAssembledClassWithKnownMethodSizes() {
        byte[] bytes = handAssembled(7);
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("run()V", 7);
        expected.put("huge(JD)I", 0);
        expected.put("naïve\u0000😀()V", 9000);
        assertEquals(expected, MethodSizes.of(bytes));
        assertEquals(9000, MethodSizes.largest(bytes));
    }

    // ---- independent oracle: javap's instruction offsets, for javac and Janino output ----

    @Test
    void agreesWithJavapOnJavacOutput() {
        List<byte[]> classes = new ArrayList<>(javac(Map.of("Mixed.java", """
                import java.util.function.IntUnaryOperator;
                abstract class Mixed {
                    static final double SCALE = 0.5;
                    static long[] table = {1L, 2L, 3L};
                    abstract void hook();
                    static double loops(double[] xs) {
                        double acc = 0;
                        for (int i = 0; i < xs.length; i++) { acc += xs[i] * SCALE + Math.exp(-xs[i]); }
                        return acc;
                    }
                    IntUnaryOperator op(int k) { return x -> x * k + (int) table[0]; }
                    String name(Object o) { return "mixed:" + o + ':' + 1.5e300; }
                    void fail() { throw new IllegalStateException("no"); }
                    class Inner { int get() { return 1 << 20; } }
                }
                """)).values());
        classes.add(javac("Repeat", repeated(50)));
        for (byte[] bytes : classes) {
            assertEquals(javapSizes(bytes), List.copyOf(MethodSizes.of(bytes).values()));
        }
    }

    @Test
    void readsJaninoCompiledClasses() throws Exception {
        SimpleCompiler janino = new SimpleCompiler();
        janino.cook("""
                package gen;
                public class Kernel {
                    public void f() {}
                    public int g() { return 42; }
                    public static double dot(double[] a, double[] b, int n) {
                        double s = 0.0;
                        for (int i = 0; i < n; i++) { s += a[i] * b[i]; }
                        return s;
                    }
                    public static long big() { return 123456789012L + (long) 2.5; }
                }
                """);
        byte[] bytes = janino.getBytecodes().get("gen.Kernel");
        assertNotNull(bytes, janino.getBytecodes().keySet()::toString);
        Map<String, Integer> sizes = MethodSizes.of(bytes);
        assertEquals(1, sizes.get("f()V"));
        assertEquals(3, sizes.get("g()I"));
        assertTrue(sizes.get("dot([D[DI)D") > 10, sizes::toString);
        assertEquals(javapSizes(bytes), List.copyOf(sizes.values()));

        // Janino's code for the same statements differs from javac's, but must still grow linearly.
        int[] sums = new int[4];
        for (int k = 0; k < sums.length; k++) {
            SimpleCompiler c = new SimpleCompiler();
            c.cook(repeated(10 * k).replace("class Repeat", "public class Repeat"));
            sums[k] = MethodSizes.of(c.getBytecodes().get("Repeat")).get("sum(I)I");
        }
        assertTrue(sums[1] > sums[0], Arrays.toString(sums));
        assertEquals(sums[1] - sums[0], sums[2] - sums[1], Arrays.toString(sums));
        assertEquals(sums[2] - sums[1], sums[3] - sums[2], Arrays.toString(sums));
    }

    // ---- malformed input ----

    @Test
    void badMagicIsRejected() {
        byte[] bytes = javac("Small", "class Small {}");
        bytes[0] = 0x50; bytes[1] = 0x4B; bytes[2] = 0x03; bytes[3] = 0x04; // a zip file
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MethodSizes.of(bytes));
        assertEquals("Unreadable class file: Invalid magic number", e.getMessage());
    }

    @Test
    void truncationIsReportedAtEveryCutPoint() {
        byte[] small = javac("Small", "class Small { int g() { return 42; } }");
        for (byte[] whole : List.of(small, javac("Lambdas", "class Lambdas { Runnable r() { return"
                + " () -> {}; } }"), handAssembled(7))) {
            for (int cut = 0; cut < whole.length; cut++) {
                byte[] prefix = Arrays.copyOf(whole, cut);
                assertEquals("Unreadable class file: its " + cut + " bytes end early (truncated, or a length field is"
                        + " too large)", assertThrows(IllegalArgumentException.class,
                        () -> MethodSizes.of(prefix), "cut=" + cut).getMessage());
            }
        }
    }

    @Test
    void otherMalformationsAreRejected() {
        byte[] badTag = handAssembled(7);
        badTag[10] = 2; // the first constant's tag; 2 is unused
        assertEquals("Unreadable class file: Invalid constant pool tag 2",
                assertThrows(IllegalArgumentException.class, () -> MethodSizes.of(badTag)).getMessage());

        assertTrue(assertThrows(IllegalArgumentException.class, () -> MethodSizes.of(handAssembled(100)))
                .getMessage().contains("end early"));
    }

    // ---- helpers ----

    private static String repeated(int statements) {
        return "class Repeat { int sum(int x) { " + "x += 7; ".repeat(statements) + "return x; } }";
    }

    private static byte[] javac(String className, String source) {
        return javac(Map.of(className + ".java", source)).get(className);
    }

    /** Compiles sources (path to text) in memory with javac; returns binary class name to bytes. */
    private static Map<String, byte[]> javac(Map<String, String> sources) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "these tests need a JDK, not a JRE");
        Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
        JavaFileManager files = new ForwardingJavaFileManager<>(
                compiler.getStandardFileManager(null, null, UTF_8)) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                    Location location, String name, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return outputs.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((path, text) -> units.add(
                new SimpleJavaFileObject(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return text;
                    }
                }));
        StringWriter diagnostics = new StringWriter();
        boolean ok = compiler.getTask(diagnostics, files, null, List.of("-proc:none"), null, units)
                .call();
        assertTrue(ok, diagnostics::toString);
        Map<String, byte[]> classes = new TreeMap<>();
        outputs.forEach((name, out) -> classes.put(name, out.toByteArray()));
        return classes;
    }

    private static final Pattern DESCRIPTOR = Pattern.compile("^\\s+descriptor: \\(");
    private static final Pattern INSTRUCTION = Pattern.compile("^\\s+(\\d+): ([a-z][a-z0-9_]*)");

    /**
     * Method sizes in class-file order according to {@code javap -c -p -s}: the offset of a
     * method's last instruction plus one, which requires that instruction to be a one-byte
     * {@code *return} or {@code athrow}; 0 for a method without code.
     */
    private List<Integer> javapSizes(byte[] bytes) {
        try {
            Path file = Files.write(Files.createTempFile(tmp, "Probe", ".class"), bytes);
            StringWriter out = new StringWriter();
            int rc = java.util.spi.ToolProvider.findFirst("javap").orElseThrow()
                    .run(new PrintWriter(out), new PrintWriter(out), "-c", "-p", "-s", file.toString());
            assertEquals(0, rc, out::toString);
            List<Integer> sizes = new ArrayList<>();
            List<String> lastOpcodes = new ArrayList<>();
            for (String line : out.toString().split("\\R")) {
                Matcher instruction = INSTRUCTION.matcher(line);
                if (DESCRIPTOR.matcher(line).find()) {
                    sizes.add(0);
                    lastOpcodes.add("");
                } else if (instruction.find()) {
                    sizes.set(sizes.size() - 1, Integer.parseInt(instruction.group(1)) + 1);
                    lastOpcodes.set(lastOpcodes.size() - 1, instruction.group(2));
                }
            }
            for (String opcode : lastOpcodes) {
                assertTrue(opcode.isEmpty() || opcode.endsWith("return") || opcode.equals("athrow"),
                        "javap oracle needs a one-byte last instruction, got " + opcode + " in:\n" + out);
            }
            assertTrue(sizes.stream().anyMatch(size -> size > 0), "javap showed no code:\n" + out);
            return sizes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A class file assembled by hand with one constant of every tag Janino reads (all but Dynamic,
     * Module and Package), a field and unknown attributes to skip, a method whose Code attribute
     * declares {@code runCodeLength} (its real code is 7 bytes), one without Code, and one with a
     * modified-UTF-8 name and 9000 bytes of code.
     */
    private static byte[] handAssembled(int runCodeLength) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(61);
            out.writeShort(29); // constant_pool_count: entries #1..#28, Long and Double take two each
            utf8(out, "Hand"); // #1
            out.writeByte(7); out.writeShort(1); // #2 Class
            utf8(out, "java/lang/Object"); // #3
            out.writeByte(7); out.writeShort(3); // #4 Class
            out.writeByte(3); out.writeInt(42); // #5 Integer
            out.writeByte(4); out.writeFloat(1.5f); // #6 Float
            out.writeByte(5); out.writeLong(1L); // #7 (and #8) Long
            out.writeByte(6); out.writeDouble(2.0); // #9 (and #10) Double
            out.writeByte(8); out.writeShort(3); // #11 String
            out.writeByte(12); out.writeShort(13); out.writeShort(14); // #12 NameAndType
            utf8(out, "run"); // #13
            utf8(out, "()V"); // #14
            out.writeByte(9); out.writeShort(2); out.writeShort(12); // #15 Fieldref
            out.writeByte(10); out.writeShort(4); out.writeShort(12); // #16 Methodref
            out.writeByte(11); out.writeShort(4); out.writeShort(12); // #17 InterfaceMethodref
            out.writeByte(15); out.writeByte(6); out.writeShort(16); // #18 MethodHandle
            out.writeByte(16); out.writeShort(14); // #19 MethodType
            out.writeByte(3); out.writeInt(-1); // #20 Integer
            out.writeByte(18); out.writeShort(0); out.writeShort(12); // #21 InvokeDynamic
            out.writeByte(7); out.writeShort(27); // #22 Class
            out.writeByte(8); out.writeShort(27); // #23 String
            utf8(out, "Code"); // #24
            utf8(out, "huge"); // #25
            utf8(out, "(JD)I"); // #26
            utf8(out, "Other"); // #27
            utf8(out, "naïve\u0000😀"); // #28: NUL and a surrogate pair are special in modified UTF-8
            out.writeShort(0x21); out.writeShort(2); out.writeShort(4); // access, this, super
            out.writeShort(1); out.writeShort(4); // one interface
            out.writeShort(1); // one field, with an attribute to skip
            out.writeShort(0); out.writeShort(13); out.writeShort(14);
            out.writeShort(1); out.writeShort(27); out.writeInt(3); out.write(new byte[3]);
            out.writeShort(3); // methods
            out.writeShort(0); out.writeShort(13); out.writeShort(14); // run()V
            out.writeShort(2); // an unknown attribute before Code
            out.writeShort(27); out.writeInt(2); out.writeShort(0xFFFF);
            code(out, runCodeLength, 7);
            out.writeShort(0x401); out.writeShort(25); out.writeShort(26); out.writeShort(0); // huge
            out.writeShort(0); out.writeShort(28); out.writeShort(14); out.writeShort(1);
            code(out, 9000, 9000);
            out.writeShort(1); out.writeShort(27); out.writeInt(0); // a class attribute
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void utf8(DataOutputStream out, String s) throws IOException {
        out.writeByte(1);
        out.writeUTF(s);
    }

    /** A Code attribute (name #24) declaring {@code declared} bytes but holding {@code actual}. */
    private static void code(DataOutputStream out, int declared, int actual) throws IOException {
        out.writeShort(24);
        out.writeInt(2 + 2 + 4 + actual + 2 + 2);
        out.writeShort(1); // max_stack
        out.writeShort(1); // max_locals
        out.writeInt(declared);
        out.write(new byte[actual]);
        out.writeShort(0); // exception_table_length
        out.writeShort(0); // attributes_count
    }
}
