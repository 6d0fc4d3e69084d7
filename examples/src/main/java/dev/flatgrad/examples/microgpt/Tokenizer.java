package dev.flatgrad.examples.microgpt;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * microgpt.py's character tokenizer: every distinct character of the dataset is a token, with ids
 * in code-point order, and one extra token BOS marks both the start and the end of a document.
 *
 * <pre>
 * uchars = sorted(set(''.join(docs)))   # token ids 0..n-1
 * BOS = len(uchars)
 * vocab_size = len(uchars) + 1
 * tokens = [BOS] + [uchars.index(ch) for ch in doc] + [BOS]
 * </pre>
 *
 * <p>A "character" is a Unicode code point, as in Python: a character outside the Basic
 * Multilingual Plane (an emoji, say) is one token, not two UTF-16 halves, and ordering is by code
 * point, which differs from {@link String#compareTo} for such characters. Instances are immutable;
 * two tokenizers are equal when their {@link #chars()} are.
 */
public final class Tokenizer {
    private final int[] codePoints; // strictly increasing; index = token id
    private final String chars;

    private Tokenizer(int[] codePoints) {
        this.codePoints = codePoints;
        this.chars = new String(codePoints, 0, codePoints.length);
    }

    /** The tokenizer of a dataset: {@code sorted(set(''.join(docs)))}. */
    public static Tokenizer fromDocuments(Collection<String> docs) {
        int[] all = docs.stream().flatMapToInt(String::codePoints).distinct().sorted().toArray();
        return new Tokenizer(all);
    }

    /** The tokenizer of a dataset's documents. */
    public static Tokenizer fromDocuments(Documents documents) {
        return fromDocuments(documents.documents());
    }

    /**
     * The tokenizer whose {@link #chars()} are {@code uchars}, e.g. as saved in a checkpoint.
     *
     * @throws IllegalArgumentException if the characters are not in strictly increasing code-point
     *     order (unsorted or repeated), which no dataset could have produced
     */
    public static Tokenizer of(String uchars) {
        int[] cps = uchars.codePoints().toArray();
        for (int i = 1; i < cps.length; i++) {
            if (cps[i] <= cps[i - 1]) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "tokenizer characters must be distinct and sorted by code point, but %s follows %s in \"%s\"",
                        describe(cps[i]), describe(cps[i - 1]), uchars));
            }
        }
        return new Tokenizer(cps);
    }

    /** The characters with ids 0..n-1 concatenated, in id order: microgpt.py's {@code ''.join(uchars)}. */
    public String chars() {
        return chars;
    }

    /** The number of distinct characters, {@code len(uchars)}. */
    public int charCount() {
        return codePoints.length;
    }

    /** The id of the beginning/end-of-sequence token, {@code len(uchars)}. */
    public int bos() {
        return codePoints.length;
    }

    /** The number of tokens, characters plus BOS. */
    public int vocabSize() {
        return codePoints.length + 1;
    }

    /**
     * {@code [BOS] + [id of each character] + [BOS]}.
     *
     * @throws IllegalArgumentException naming the character and the document if a character of
     *     {@code doc} is not in the vocabulary
     */
    public int[] encode(String doc) {
        int[] tokens = new int[doc.codePointCount(0, doc.length()) + 2];
        tokens[0] = bos();
        int t = 1;
        for (int i = 0; i < doc.length(); ) {
            int cp = doc.codePointAt(i);
            int id = Arrays.binarySearch(codePoints, cp);
            if (id < 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "character %s of document \"%s\" is not in the tokenizer's %d characters \"%s\"",
                        describe(cp), abbreviate(doc), codePoints.length, abbreviate(chars)));
            }
            tokens[t++] = id;
            i += Character.charCount(cp);
        }
        tokens[t] = bos();
        return tokens;
    }

    /**
     * The character of token {@code id} (one code point, so possibly two Java chars).
     *
     * @throws IllegalArgumentException for BOS, which has no character, or an id outside the vocabulary
     */
    public String decode(int id) {
        if (id == bos()) {
            throw new IllegalArgumentException("token " + id + " is BOS, which has no character");
        }
        if (id < 0 || id > bos()) {
            throw new IllegalArgumentException(
                    "token " + id + " is outside the vocabulary 0.." + bos() + " (" + bos() + " is BOS)");
        }
        return Character.toString(codePoints[id]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tokenizer other && chars.equals(other.chars);
    }

    @Override
    public int hashCode() {
        return chars.hashCode();
    }

    @Override
    public String toString() {
        return "Tokenizer[vocab " + vocabSize() + ": \"" + abbreviate(chars) + "\" + BOS]";
    }

    /** {@code 'é' (U+00E9)}, with control and invisible characters shown only by their code. */
    static String describe(int cp) {
        String code = String.format(Locale.ROOT, "U+%04X", cp);
        boolean visible = switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
                    Character.PRIVATE_USE, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
        return visible ? "'" + Character.toString(cp) + "' (" + code + ")" : code;
    }

    private static String abbreviate(String s) {
        int max = 60;
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max)) + "…";
    }
}
