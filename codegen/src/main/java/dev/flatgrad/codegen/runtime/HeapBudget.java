package dev.flatgrad.codegen.runtime;

import dev.flatgrad.codegen.ProgramTooLargeException;
import java.util.Locale;

/**
 * Refuses, before allocating, buffers that will not fit in this JVM's heap, saying how large they are
 * and which {@code -Xmx} would do. Buffers may take {@value #SHARE} of the maximum heap; the rest is
 * left to the JVM, the data and whatever else the application holds.
 */
public final class HeapBudget {
    static final double SHARE = 0.8;
    private static final long MIB = 1L << 20;

    private HeapBudget() {
    }

    /** Throws {@link ProgramTooLargeException} when {@code bytes} exceed this JVM's budget; {@code what} names them. */
    public static void require(long bytes, String what) {
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max * SHARE) {
            throw tooLarge(bytes, what, max);
        }
    }

    /** The exception for an allocation that failed although the estimate fitted (the heap was in use). */
    public static ProgramTooLargeException tooLarge(long bytes, String what, long maxHeap) {
        return new ProgramTooLargeException(String.format(Locale.ROOT,
                "%s need about %s, more than this JVM can give them (maximum heap %s, -Xmx);"
                        + " run java with -Xmx%s or more, or make the model smaller",
                what, size(bytes), size(maxHeap), xmx(bytes)));
    }

    /** An {@code -Xmx} value leaving room beside the buffers, e.g. {@code 12g} or {@code 768m}. */
    static String xmx(long bytes) {
        long needed = (long) Math.ceil(bytes / SHARE) + 256 * MIB;
        long gib = (needed + 1024 * MIB - 1) / (1024 * MIB);
        return needed >= 1024 * MIB ? gib + "g" : ((needed + 255 * MIB) / (256 * MIB)) * 256 + "m";
    }

    static String size(long bytes) {
        if (bytes >= 1024 * MIB) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * MIB));
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
    }
}
