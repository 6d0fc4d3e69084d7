package dev.flatgrad.codegen.compilation;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.codehaus.janino.util.ClassFile;

/**
 * Reports the bytecode size ({@code Code} attribute {@code code_length}) of every method in a
 * compiled class, read with Janino's own class-file reader.
 *
 * <p>HotSpot refuses to JIT-compile methods with more than 8,000 bytes of bytecode
 * (unless run with {@code -XX:-DontCompileHugeMethods}); such a method stays in the interpreter,
 * an order of magnitude or more slower. How many bytes a line of generated Java becomes
 * depends on the compiler (constant sizes, local slots, {@code iinc} versus load/add/store), so
 * the code generator measures its output from the compiled class bytes rather than estimating
 * from source.
 *
 * <p>Janino's reader knows the constants Janino emits, not the {@code Dynamic}, {@code Module}
 * and {@code Package} constants of newer javac output (e.g. {@code module-info.class}): such
 * classes are refused.
 */
public final class MethodSizes {
    /** HotSpot's {@code HugeMethodLimit}: methods with more bytecode are never JIT-compiled. */
    public static final int HUGE_METHOD_LIMIT = 8000;

    private MethodSizes() {
    }

    /**
     * Method name + descriptor (e.g. {@code forward()V}) to bytecode length, in declaration order.
     * Abstract and native methods, which have no {@code Code} attribute, report 0.
     *
     * @throws IllegalArgumentException if the bytes are not a class file Janino can read
     */
    public static Map<String, Integer> of(byte[] classBytes) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (ClassFile.MethodInfo method : read(classBytes).methodInfos) {
            int codeLength = 0;
            for (ClassFile.AttributeInfo attribute : method.getAttributes()) {
                if (attribute instanceof ClassFile.CodeAttribute code) {
                    codeLength = code.code.length;
                }
            }
            sizes.put(method.getName() + method.getDescriptor(), codeLength);
        }
        return Collections.unmodifiableMap(sizes);
    }

    /** The largest bytecode length of any method in the class, or 0 if it has no code. */
    public static int largest(byte[] classBytes) {
        return of(classBytes).values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static ClassFile read(byte[] classBytes) {
        try {
            return new ClassFile(new ByteArrayInputStream(classBytes));
        } catch (EOFException e) {
            throw new IllegalArgumentException("Unreadable class file: its " + classBytes.length
                    + " bytes end early (truncated, or a length field is too large)", e);
        } catch (ClassFile.ClassFileException e) { // bad magic, or a constant Janino does not know
            throw new IllegalArgumentException("Unreadable class file: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) { // the reader reports some damage as e.g. an IndexOutOfBoundsException
            throw new IllegalArgumentException("Unreadable class file: " + e, e);
        }
    }
}
