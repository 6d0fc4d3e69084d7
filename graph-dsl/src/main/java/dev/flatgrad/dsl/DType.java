package dev.flatgrad.dsl;

/** Element types of graph values. Floats are differentiable; i32 carries token ids and positions. */
public enum DType {
    F64("f64", true),
    F32("f32", true),
    I32("i32", false);

    private final String text;
    private final boolean floating;

    DType(String text, boolean floating) {
        this.text = text;
        this.floating = floating;
    }

    public boolean isFloating() {
        return floating;
    }

    @Override
    public String toString() {
        return text;
    }
}
