package dev.flatgrad.examples.microgpt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Identifies a dataset: the SHA-256 of its documents in order, each as UTF-8 followed by a line feed
 * (documents never contain one). A checkpoint records it so that a run resumes on the data it started on.
 */
final class DatasetFingerprint {
    private DatasetFingerprint() {
    }

    /** 64 lowercase hex digits. */
    static String of(List<String> documents) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        for (String doc : documents) {
            sha.update(doc.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
