package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PythonText}, the Python semantics behind {@link Documents}. */
class DocumentsPythonTextTest {
    /** CPython 3.11: {@code [hex(c) for c in range(0x110000) if chr(c).isspace()]}. */
    private static final int[] PYTHON_SPACES = {
        0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
        0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
        0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
    };

    @Test
    void isSpaceIsExactlyPythonsIsspace() {
        List<Integer> ours = new ArrayList<>();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (PythonText.isSpace((char) c)) {
                ours.add(c);
            }
        }
        List<Integer> python = new ArrayList<>();
        for (int c : PYTHON_SPACES) {
            python.add(c);
        }
        assertEquals(python, ours);
    }

    @Test
    void stripDiffersFromJavaStripWhereItShould() {
        assertEquals("a b", PythonText.strip("\u00A0\u2007\u202F\u0085 a b \t\u3000"));
        assertEquals("\u00A0a", "\u00A0a ".strip()); // Java keeps NBSP, hence PythonText
        assertEquals("\u200Ba\uFEFF", PythonText.strip(" \u200Ba\uFEFF ")); // neither is whitespace in Python
        assertEquals("", PythonText.strip(" \t\r\n "));
        assertEquals("", PythonText.strip(""));
    }

    @Test
    void linesFollowUniversalNewlines() {
        assertEquals(List.of(), PythonText.lines(""));
        assertEquals(List.of(""), PythonText.lines("\n"));
        assertEquals(List.of("a"), PythonText.lines("a"));
        assertEquals(List.of("a"), PythonText.lines("a\n"));
        assertEquals(List.of("a", ""), PythonText.lines("a\n\n"));
        assertEquals(List.of("a", "b", "c", "", "d"), PythonText.lines("a\r\nb\rc\n\r\nd"));
        assertEquals(List.of("a", ""), PythonText.lines("a\r\r"));
        assertEquals(List.of("a\u2028b\u0085c"), PythonText.lines("a\u2028b\u0085c"));
    }

    @Test
    void lineNumbers() {
        String text = "a\r\nb\rc\nd";
        assertEquals(1, PythonText.lineNumberAt(text, 0));
        assertEquals(1, PythonText.lineNumberAt(text, 2)); // the \n of \r\n is still line 1
        assertEquals(2, PythonText.lineNumberAt(text, 3));
        assertEquals(3, PythonText.lineNumberAt(text, 5));
        assertEquals(4, PythonText.lineNumberAt(text, text.length()));
        assertEquals(2, PythonText.lineNumberAt("a\r", 2)); // a trailing \r already ends the line
    }
}
