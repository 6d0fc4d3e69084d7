package dev.flatgrad.examples.microgpt;

import java.util.ArrayList;
import java.util.List;

/**
 * The two pieces of Python text semantics that {@code docs = [line.strip() for line in open(file)
 * if line.strip()]} relies on, reproduced exactly so the Java port sees the same documents.
 *
 * <ul>
 *   <li>{@link #lines}: iterating a file opened in text mode with universal newlines. {@code \r\n}
 *       and a lone {@code \r} are translated to {@code \n}, and only {@code \n} ends a line
 *       (unlike {@code str.splitlines()}, U+0085, U+2028, U+001C… do <em>not</em> split).</li>
 *   <li>{@link #strip}: {@code str.strip()} with no argument, which removes the characters for
 *       which {@code str.isspace()} is true. That set differs from Java's {@link String#strip()}
 *       (it includes U+00A0, U+2007, U+202F and U+0085, which {@link Character#isWhitespace}
 *       does not).</li>
 * </ul>
 */
final class PythonText {
    private PythonText() {
    }

    /**
     * Whether Python's {@code str.isspace()} is true for this one character. The list is exactly
     * {@code [c for c in range(0x110000) if chr(c).isspace()]} of CPython 3.11; none of them lies
     * outside the BMP, so testing UTF-16 units is exact.
     */
    static boolean isSpace(char c) {
        switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', '\u001C', '\u001D', '\u001E', '\u001F', ' ',
                    '\u0085', '\u00A0', '\u1680', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000':
                return true;
            default:
                return c >= '\u2000' && c <= '\u200A';
        }
    }

    /** Python's {@code s.strip()}: {@code s} without leading and trailing {@link #isSpace} characters. */
    static String strip(String s) {
        int begin = 0;
        int end = s.length();
        while (begin < end && isSpace(s.charAt(begin))) {
            begin++;
        }
        while (end > begin && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(begin, end);
    }

    /**
     * The lines Python yields when iterating over {@code text} read with universal newlines, without
     * their line endings. A final line without a line ending is a line; text ending in a line
     * ending does not produce an extra empty line; empty text has no lines.
     */
    static List<String> lines(CharSequence text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.subSequence(start, i).toString());
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < n) {
            lines.add(text.subSequence(start, n).toString());
        }
        return lines;
    }

    /** The 1-based number of the line that the character at {@code index} of {@code text} is on. */
    static int lineNumberAt(CharSequence text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && !(i + 1 < text.length() && text.charAt(i + 1) == '\n'))) {
                line++;
            }
        }
        return line;
    }
}
