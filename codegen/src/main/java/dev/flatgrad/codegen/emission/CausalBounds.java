package dev.flatgrad.codegen.emission;

import dev.flatgrad.codegen.lowering.CausalStructure;
import dev.flatgrad.codegen.lowering.CausalStructure.Region;

/**
 * The columns of one row that a causal region holds, as Java expressions: LOWER is {@code [start(i), i]}, UPPER
 * {@code [i, end(i))}, where start and end bound i's segment. With segment ids they come from two arrays the
 * forward pass fills first ({@code seg_start}, {@code seg_end}); without, the segment is the whole sequence.
 */
final class CausalBounds {
    private final String segStart;
    private final String segEnd;
    private final String length;

    /** {@code segStart}/{@code segEnd}: the fields holding the bounds, or null without segment ids. */
    CausalBounds(String segStart, String segEnd, String length) {
        this.segStart = segStart;
        this.segEnd = segEnd;
        this.length = length;
    }

    /** The first column of {@code row} in the region (inclusive). */
    String from(Region region, String row, String receiver) {
        return switch (region) {
            case LOWER -> segStart == null ? "0" : receiver + "." + segStart + "[" + row + "]";
            case UPPER -> row;
            default -> "0";
        };
    }

    /** The end of {@code row}'s columns in the region (exclusive). */
    String to(Region region, String row, String receiver) {
        return switch (region) {
            case LOWER -> plusOne(row);
            case UPPER -> segEnd == null ? length : receiver + "." + segEnd + "[" + row + "]";
            default -> length;
        };
    }

    /** The bounds of two regions' overlap in one row: {@code Math.max} of the starts, {@code Math.min} of the ends. */
    static String max(String a, String b) {
        return a.equals(b) || b.equals("0") ? a : a.equals("0") ? b : "Math.max(" + a + ", " + b + ")";
    }

    static String min(String a, String b, String length) {
        return a.equals(b) || b.equals(length) ? a : a.equals(length) ? b : "Math.min(" + a + ", " + b + ")";
    }

    private static String plusOne(String row) {
        return row.matches("[0-9]+") ? Integer.toString(Integer.parseInt(row) + 1) : row + " + 1";
    }

    /** The bounds for a program whose structure is {@code causal}, with these segment-bound fields. */
    static CausalBounds of(CausalStructure causal, BufferTable buffers, IndexMath index) {
        if (!causal.active()) {
            return new CausalBounds(null, null, "0");
        }
        return new CausalBounds(buffers.segStartField(), buffers.segEndField(), index.size(causal.length()));
    }
}
