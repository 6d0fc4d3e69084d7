package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link PythonFormat#fixed} against what CPython 3.11 prints for {@code f"{x:.4f}"}. */
class PythonFormatTest {
    @Test
    void fixedPointMatchesPython() {
        Map<Double, String> python = new LinkedHashMap<>();
        python.put(1.8290074288743635e20, "182900742887436353536.0000");
        python.put(2.00005, "2.0000"); // the double lies just below the tie; Java's %.4f prints 2.0001
        python.put(0.00005, "0.0001");
        python.put(0.00015, "0.0001");
        python.put(2.5e-5, "0.0000");
        python.put(1e308, "100000000000000001097906362944045541740492309677311846336810682903157585404911491537163328978494688899061249669721172515611590283743140088328307009198146046031271664502933027185697489699588559043338384466165001178426897626212945177628091195786707458122783970171784415105291802893207873272974885715430223118336.0000");
        python.put(-1e-5, "-0.0000");
        python.put(-0.0, "-0.0000");
        python.put(0.0, "0.0000");
        python.put(3.3660, "3.3660");
        python.put(123456.78125, "123456.7812");
        python.put(0.125, "0.1250");
        python.put(1.00045, "1.0005");
        python.put(Double.NaN, "nan");
        python.put(Double.POSITIVE_INFINITY, "inf");
        python.put(Double.NEGATIVE_INFINITY, "-inf");
        python.put(Double.MIN_VALUE, "0.0000");
        python.put(0.99995, "1.0000");
        python.put(9.99995, "10.0000");
        python.forEach((value, expected) -> assertEquals(expected, PythonFormat.fixed(value, 4), "f\"{" + value + ":.4f}\""));
    }

    @Test
    void microgptsStepLineUsesIt() {
        assertEquals("step   12 / 1000 | loss nan", Progress.line(12, 1000, Double.NaN));
        assertEquals("step    1 /   10 | loss 182900742887436353536.0000", Progress.line(1, 10, 1.8290074288743635e20));
    }
}
