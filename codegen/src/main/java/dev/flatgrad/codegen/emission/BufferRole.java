package dev.flatgrad.codegen.emission;

/** What a program buffer exposed by name holds. */
public enum BufferRole {
    PARAM, INPUT, OUTPUT, GRADIENT, ADAM_M, ADAM_V
}
