package dev.flatgrad.codegen.emission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.codegen.Flatgrad;
import dev.flatgrad.codegen.runtime.Program;
import dev.flatgrad.codegen.runtime.ProgramSpec;
import dev.flatgrad.dsl.Graph;
import dev.flatgrad.dsl.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

/** User names reach generated code only sanitised: none can break the source or inject code. */
class NameSanitizingTest {
    private static final String[] HOSTILE = {
        "quote\"; System.exit(1); //",
        "*/ static { System.exit(2); } /*",
        "line\nbreak\\u000a System.exit(3);",
        "naïve_ünïcödé_π",
        "class",
        "x",
        "length",
        "SPECIES",
    };

    @Test
    void hostileNamesCompileAndStillWorkByName() {
        Graph g = new Graph();
        Node total = null;
        for (int i = 0; i < HOSTILE.length; i++) {
            Node p = g.param(HOSTILE[i], 2);
            Node term = p.mul(p).named("term " + HOSTILE[i]);
            total = total == null ? term : total.add(term);
        }
        Node loss = total.sum().named("loss */ \"evil\"");
        List<Node> params = g.params();
        Program program = Flatgrad.compile(ProgramSpec.builder(g).minimize(loss, params).build());
        String source = program.source();
        for (String line : source.split("\n")) {
            String code = line.strip();
            boolean comment = code.startsWith("*") || code.startsWith("/**") || code.startsWith("//");
            assertFalse(!comment && code.contains("System.exit"), "user text pasted as code: " + line);
            assertFalse(comment && code.contains("*/") && !code.equals("*/"), "a comment closed early: " + line);
        }
        assertFalse(source.contains("ï") || source.contains("π"), "identifiers and comments are ASCII");
        assertFalse(source.contains("\\u000a"), "no unicode escape survives");
        for (int i = 0; i < HOSTILE.length; i++) {
            program.setParam(HOSTILE[i], new double[] {i, 1});
        }
        program.forward();
        program.backward();
        double expected = 0;
        for (int i = 0; i < HOSTILE.length; i++) {
            expected += i * i + 1;
            assertArrayEquals(new double[] {2 * i, 2}, program.gradient(HOSTILE[i]), 0.0);
        }
        assertEquals(expected, program.scalar("loss */ \"evil\""), 0.0);
    }

    @Test
    void sanitizeKeepsAsciiIdentifierCharacters() {
        assertEquals("layer0_attn_wq", Names.sanitize("layer0.attn_wq"));
        assertEquals("na_ve", Names.sanitize("naïve"));
        assertEquals("", Names.sanitize("π"));
        assertTrue(Names.comment("a*/b\\u000a\nc").equals("a*/b?u000a?c"));
        Names names = new Names();
        assertEquals("w", names.unique("", "w", "1"));
        assertEquals("w_2", names.unique("", "w", "2"));
        assertEquals("class_3", names.unique("", "class", "3"));
        assertEquals("leaf4", names.unique("", "π", "leaf4"));
    }
}
