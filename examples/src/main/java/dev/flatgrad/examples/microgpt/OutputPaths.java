package dev.flatgrad.examples.microgpt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any training, that the files a run will write can be written and that writing them
 * harms nothing: a checkpoint never replaces a file that is not a flatgrad checkpoint, nor the run's
 * own data; its folder exists and takes new files. Failures are {@link IllegalArgumentException}s
 * that say what is wrong with which path.
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * The checkpoint a run will save to {@code checkpoint}.
     *
     * @param data the data file the run trains on, or null for built-in data
     * @param resuming true when the checkpoint is read first (then it exists and is a checkpoint)
     */
    public static void requireCheckpointTarget(Path checkpoint, Path data, boolean resuming) {
        Path file = checkpoint.toAbsolutePath();
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--checkpoint " + checkpoint + " is a folder; give a file path inside it,"
                    + " e.g. " + checkpoint.resolve("run.ckpt"));
        }
        if (data != null && Files.exists(file) && isSameFile(file, data)) {
            throw new IllegalArgumentException("--checkpoint " + checkpoint + " is the data file the run trains on;"
                    + " save the checkpoint elsewhere");
        }
        if (!resuming && Files.exists(file) && !isCheckpointOrEmpty(file)) {
            throw new IllegalArgumentException("--checkpoint " + checkpoint + " exists and is not a flatgrad checkpoint;"
                    + " it is left untouched. Choose another path, or move that file away");
        }
        requireWritableFolder(file.getParent(), "--checkpoint " + checkpoint);
    }

    /** Creates the folder that {@code --dump-sources} writes into, or says why it cannot. */
    static void prepareSourceFolder(Path folder) {
        Path dir = folder.toAbsolutePath();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--dump-sources " + folder + " is a file, not a folder; it is left untouched");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("--dump-sources " + folder + ": cannot create the folder (" + e + ")");
        }
        requireWritableFolder(dir, "--dump-sources " + folder);
    }

    /** Proves the folder takes new files by creating and deleting one (permissions, read-only mounts, full disks). */
    private static void requireWritableFolder(Path dir, String what) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(what + ": the folder " + dir + " does not exist");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".flatgrad-probe-", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(what + ": cannot write into the folder " + dir + " (" + e + ")");
        }
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** A file that starts with the checkpoint magic (a checkpoint, maybe damaged), or holds nothing at all. */
    private static boolean isCheckpointOrEmpty(Path file) {
        try {
            return Files.size(file) == 0 || CheckpointFile.looksLikeCheckpoint(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--checkpoint " + file + " exists but cannot be read (" + e + ");"
                    + " it is left untouched");
        }
    }
}
