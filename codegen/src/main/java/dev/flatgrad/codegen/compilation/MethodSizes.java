package dev.flatgrad.codegen.compilation;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reports the bytecode size ({@code Code} attribute {@code code_length}) of every method in a
 * compiled class.
 *
 * <p>HotSpot refuses to JIT-compile methods with more than 8,000 bytes of bytecode
 * (unless run with {@code -XX:-DontCompileHugeMethods}); such a method stays in the interpreter,
 * an order of magnitude or more slower. How many bytes a line of generated Java becomes
 * depends on the compiler (constant sizes, local slots, {@code iinc} versus load/add/store), so
 * the code generator measures its output from the compiled class bytes rather than estimating
 * from source. This is a minimal, dependency-free reader of just enough of the class-file format
 * (JVMS chapter 4) to do that: it walks the constant pool, skips fields and attributes, and reads
 * each method's {@code Code} attribute header. It does not verify the class.
 */
public final class MethodSizes {
    /** HotSpot's {@code HugeMethodLimit}: methods with more bytecode are never JIT-compiled. */
    public static final int HUGE_METHOD_LIMIT = 8000;

    private final byte[] bytes;
    private final ByteArrayInputStream source; // its available() is exact and never throws
    private final DataInputStream in;
    private String[] utf8; // constant pool Utf8 entries by index; null for other kinds

    private MethodSizes(byte[] bytes) {
        this.bytes = bytes;
        this.source = new ByteArrayInputStream(bytes);
        this.in = new DataInputStream(source);
    }

    /**
     * Method name + descriptor (e.g. {@code forward()V}) to bytecode length, in declaration order.
     * Abstract and native methods, which have no {@code Code} attribute, report 0.
     *
     * @throws IllegalArgumentException if the bytes are not a well-formed class file
     */
    public static Map<String, Integer> of(byte[] classBytes) {
        MethodSizes reader = new MethodSizes(Objects.requireNonNull(classBytes, "classBytes"));
        try {
            return Collections.unmodifiableMap(reader.read());
        } catch (IOException e) { // only malformed modified UTF-8 can get here; bounds are pre-checked
            throw new IllegalArgumentException("Malformed class file near offset " + reader.offset()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The largest bytecode length of any method in the class, or 0 if it has no code. */
    public static int largest(byte[] classBytes) {
        return of(classBytes).values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private Map<String, Integer> read() throws IOException {
        need(4, "magic");
        int magic = in.readInt();
        if (magic != 0xCAFEBABE) {
            throw new IllegalArgumentException(String.format(
                    "Not a class file: bad magic 0x%08X at offset 0 (expected 0xCAFEBABE)", magic));
        }
        skip(4, "class file version");
        readConstantPool();
        skip(6, "access flags, this_class and super_class");
        skip(2L * u2("interfaces_count"), "interfaces");
        for (int i = 0, n = u2("fields_count"); i < n; i++) {
            skip(6, "field " + i);
            skipAttributes("field " + i);
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (int i = 0, n = u2("methods_count"); i < n; i++) {
            skip(2, "method " + i + " access flags");
            String key = name(u2("method name"), "method name") + name(u2("descriptor"), "descriptor");
            int codeLength = 0;
            for (int a = 0, attributes = u2(key + " attributes_count"); a < attributes; a++) {
                String attribute = name(u2(key + " attribute name"), "attribute name");
                long length = u4(key + " attribute length");
                if (!attribute.equals("Code")) {
                    skip(length, key + " attribute " + attribute);
                    continue;
                }
                skip(4, key + " max_stack and max_locals");
                long code = u4(key + " code_length");
                if (length < 8 || code > length - 8) {
                    throw new IllegalArgumentException("Malformed Code attribute of " + key + " at offset "
                            + (offset() - 12) + ": code_length " + code + ", attribute length " + length);
                }
                codeLength = (int) code;
                skip(length - 8, key + " code");
            }
            sizes.put(key, codeLength);
        }
        skipAttributes("class");
        if (offset() != bytes.length) {
            throw new IllegalArgumentException("Extra bytes after the end of the class file at offset "
                    + offset() + " (" + bytes.length + " bytes in total)");
        }
        return sizes;
    }

    private void readConstantPool() throws IOException {
        int count = u2("constant_pool_count");
        utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            need(1, "constant pool entry #" + i);
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> { // Utf8: u2 length, then modified UTF-8 bytes
                    in.mark(2);
                    int length = u2("Utf8 length of constant #" + i);
                    in.reset();
                    need(2 + length, "Utf8 constant #" + i);
                    utf8[i] = in.readUTF();
                }
                // Class, String, MethodType, Module, Package: one u2 index
                case 7, 8, 16, 19, 20 -> skip(2, "constant #" + i);
                // MethodHandle: u1 kind, u2 reference
                case 15 -> skip(3, "constant #" + i);
                // Integer, Float, Fieldref, Methodref, InterfaceMethodref, NameAndType, Dynamic,
                // InvokeDynamic: four bytes
                case 3, 4, 9, 10, 11, 12, 17, 18 -> skip(4, "constant #" + i);
                // Long, Double: eight bytes, and they take two pool slots
                case 5, 6 -> {
                    skip(8, "constant #" + i);
                    i++;
                }
                default -> throw new IllegalArgumentException("Unknown constant pool tag " + tag
                        + " for entry #" + i + " at offset " + (offset() - 1));
            }
        }
    }

    private void skipAttributes(String owner) throws IOException {
        for (int i = 0, n = u2(owner + " attributes_count"); i < n; i++) {
            skip(2, owner + " attribute name");
            skip(u4(owner + " attribute length"), owner + " attribute " + i);
        }
    }

    private String name(int index, String what) {
        if (index <= 0 || index >= utf8.length || utf8[index] == null) {
            throw new IllegalArgumentException("Bad " + what + " index #" + index + " before offset "
                    + offset() + ": not a Utf8 constant");
        }
        return utf8[index];
    }

    private int u2(String what) throws IOException {
        need(2, what);
        return in.readUnsignedShort();
    }

    private long u4(String what) throws IOException {
        need(4, what);
        return Integer.toUnsignedLong(in.readInt());
    }

    private void skip(long n, String what) throws IOException {
        need(n, what);
        in.skipNBytes(n);
    }

    /** Fails with the current offset unless {@code n} more bytes are available. */
    private void need(long n, String what) {
        int remaining = bytes.length - offset();
        if (n > remaining) {
            throw new IllegalArgumentException("Truncated class file: " + what + " at offset " + offset()
                    + " needs " + n + " bytes but only " + remaining + " remain");
        }
    }

    private int offset() {
        return bytes.length - source.available();
    }
}
