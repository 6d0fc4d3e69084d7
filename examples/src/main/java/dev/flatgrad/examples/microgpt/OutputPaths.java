package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.inspect.IrDump;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks, before any training, that the files a run will write can be written and that writing them
 * harms nothing: a checkpoint never replaces a file that is not a flatgrad checkpoint, nor the run's
 * own data; a picture never replaces a file that is not a PNG, nor the data or the checkpoint; their
 * folders exist and take new files. Failures are {@link IllegalArgumentException}s
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

    /**
     * A PNG picture the run will write to {@code image} (given as {@code option}, e.g. {@code --plot}): never a
     * folder, the data file or the checkpoint, never a file that is there and is not a PNG; its folder takes
     * new files.
     *
     * @param data       the data file the run reads, or null
     * @param checkpoint the checkpoint the run reads or writes, or null
     */
    static void requireImageTarget(Path image, String option, Path data, Path checkpoint) {
        Path file = image.toAbsolutePath();
        String what = option + " " + image;
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(what + " is a folder; give a file path inside it, e.g. "
                    + image.resolve(option.equals("--plot") ? "loss.png" : "attention.png"));
        }
        if (data != null && isSameFile(file, data)) {
            throw new IllegalArgumentException(what + " is the data file the run trains on; draw the picture elsewhere");
        }
        if (checkpoint != null && (file.normalize().equals(checkpoint.toAbsolutePath().normalize())
                || isSameFile(file, checkpoint))) {
            throw new IllegalArgumentException(what + " is the checkpoint " + checkpoint + "; draw the picture elsewhere");
        }
        if (Files.exists(file) && !isPngOrEmpty(file, what)) {
            throw new IllegalArgumentException(what + " exists and is not a PNG image; it is left untouched."
                    + " Choose another path, or move that file away");
        }
        requireWritableFolder(file.getParent(), what);
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

    /** Creates the folder that {@code --dump-ir} writes into, or says why it cannot; refuses one holding other files. */
    static void prepareIrFolder(Path folder) {
        try {
            IrDump.prepare(folder);
            for (String program : List.of(Trainer.PROGRAM_NAME, Sampler.PROGRAM_NAME)) {
                IrDump.requireDumpFolder(folder.resolve(program));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dump-ir " + e.getMessage());
        }
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
            return Files.exists(a) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isPngOrEmpty(Path file, String what) {
        try {
            return Files.size(file) == 0 || PngFile.looksLikePng(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " exists but cannot be read (" + e + "); it is left untouched");
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
