package dev.flatgrad.examples.microgpt;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Decodes UTF-8 the way Python's strict {@code utf-8} codec does: any malformed sequence (a stray
 * continuation byte, a truncated sequence, an overlong form, an encoded surrogate) is an error,
 * never a silent U+FFFD. A byte order mark is not removed: Python's {@code utf-8} codec keeps it as
 * U+FEFF, which {@code str.strip()} does not strip.
 */
final class StrictUtf8 {
    private StrictUtf8() {
    }

    /**
     * The text of {@code bytes}.
     *
     * @param what names the bytes' origin in the error message, e.g. an absolute file path
     * @throws DataException naming {@code what}, the byte offset and line of the first malformed
     *     sequence, and its bytes
     */
    static String decode(byte[] bytes, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never yields more UTF-16 units than it has bytes
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            int length = Math.max(1, result.length());
            out.flip();
            throw new DataException(String.format(
                    "%s is not valid UTF-8: %s at byte offset %d (line %d, after \"%s\"); save the file as UTF-8",
                    what,
                    describe(bytes, offset, length),
                    offset,
                    PythonText.lineNumberAt(out, out.length()),
                    tail(out)));
        }
        if (result.isOverflow()) {
            throw new IllegalStateException("UTF-8 decoding overflowed a buffer of " + bytes.length + " chars");
        }
        out.flip();
        return out.toString();
    }

    private static String describe(byte[] bytes, int offset, int length) {
        int end = Math.min(bytes.length, offset + length);
        StringBuilder sb = new StringBuilder(end - offset == 1 ? "byte " : "bytes ");
        HexFormat hex = HexFormat.of().withUpperCase();
        for (int i = offset; i < end; i++) {
            sb.append(i > offset ? " " : "").append("0x").append(hex.toHexDigits(bytes[i]));
        }
        return sb.toString();
    }

    /** Up to 20 characters decoded just before the error, on the same line, to help find the spot. */
    private static String tail(CharSequence decoded) {
        int end = decoded.length();
        int start = end;
        while (start > 0 && end - start < 20) {
            char c = decoded.charAt(start - 1);
            if (c == '\n' || c == '\r') {
                break;
            }
            start--;
        }
        if (start < end && Character.isLowSurrogate(decoded.charAt(start))) {
            start++; // do not cut a supplementary character in half
        }
        return decoded.subSequence(start, end).toString();
    }
}
