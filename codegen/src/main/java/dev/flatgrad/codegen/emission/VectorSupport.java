package dev.flatgrad.codegen.emission;

import dev.flatgrad.dsl.DType;

/**
 * Whether generated code may use the incubating Vector API ({@code jdk.incubator.vector}), and with
 * how many lanes. It is used only where it changes no result bit: lanewise multiply then add, the
 * same operations in the same order as the scalar code. The JVM must run with
 * {@code --add-modules jdk.incubator.vector}; without it programs use scalar loops only.
 */
public final class VectorSupport {
    /** The module generated vector code links against. */
    public static final String MODULE = "jdk.incubator.vector";

    private VectorSupport() {
    }

    /** True when the module is in the boot layer, so generated classes can link against it. */
    public static boolean available() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** Lanes of the preferred vector shape for the element type, or 0 when vectors are unavailable. */
    public static int lanes(DType precision) {
        if (!available()) {
            return 0;
        }
        try {
            Class<?> shape = Class.forName(MODULE + ".VectorShape");
            Object preferred = shape.getMethod("preferredShape").invoke(null);
            int bits = (Integer) shape.getMethod("vectorBitSize").invoke(preferred);
            return bits / (precision == DType.F32 ? 32 : 64);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot query " + MODULE + " although it is present", e);
        }
    }

    /** Bits of the preferred shape (e.g. 512 for AVX-512), for naming the species in generated code. */
    public static int bits(DType precision, int lanes) {
        return lanes * (precision == DType.F32 ? 32 : 64);
    }
}
