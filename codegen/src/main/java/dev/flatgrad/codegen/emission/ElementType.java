package dev.flatgrad.codegen.emission;

import dev.flatgrad.dsl.DType;

/** The Java float type of a program (double or float): names, literals and math calls in that type. */
public enum ElementType {
    DOUBLE("double", "Double"),
    FLOAT("float", "Float");

    private final String keyword;
    private final String boxed;

    ElementType(String keyword, String boxed) {
        this.keyword = keyword;
        this.boxed = boxed;
    }

    public static ElementType of(DType precision) {
        return precision == DType.F32 ? FLOAT : DOUBLE;
    }

    /** {@code double} or {@code float}. */
    public String keyword() {
        return keyword;
    }

    /** Bytes per element. */
    public int bytes() {
        return this == DOUBLE ? Double.BYTES : Float.BYTES;
    }

    /** A literal of this type; negative values come parenthesised so they compose safely. */
    public String literal(double value) {
        if (Double.isNaN(value)) {
            return boxed + ".NaN";
        }
        if (Double.isInfinite(value)) {
            return boxed + (value > 0 ? ".POSITIVE_INFINITY" : ".NEGATIVE_INFINITY");
        }
        String text = this == DOUBLE ? Double.toString(value) : Float.toString((float) value) + "f";
        return value < 0 || (value == 0 && 1 / value < 0) ? "(" + text + ")" : text;
    }

    /** {@code a * b + c} rounded once ({@code Math.fma} of this type, a single instruction where the CPU has FMA). */
    public String fma(String a, String b, String c) {
        return "Math.fma(" + a + ", " + b + ", " + c + ")";
    }

    /** A call to a {@code java.lang.Math} function of doubles, narrowed back for float programs. */
    public String math(String function, String... args) {
        String call = "Math." + function + "(" + String.join(", ", args) + ")";
        return this == DOUBLE ? call : "(float) " + call;
    }
}
