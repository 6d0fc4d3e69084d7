package dev.flatgrad.codegen.runtime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces a file so that readers, and the disk after a crash, see either the old file or the complete
 * new one: write a temp file in the same directory, flush and fsync it, rename it over the target
 * (atomic), then fsync the directory so the rename itself is durable. On any failure the temp file is
 * deleted and the target is left as it was.
 *
 * <p>A temp file is named {@code .<target>.<pid>.<random>.tmp}. A process killed while writing cannot
 * delete its own, so each write first deletes the temp files of the same target left by processes
 * that no longer run (never those of a live writer).
 */
public final class AtomicWrite {
    /** Writes a file's contents; may throw, which aborts the replacement. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final Pattern TEMP = Pattern.compile("\\.(.+)\\.([0-9]+)\\.[0-9a-f]+\\.tmp");

    private AtomicWrite() {
    }

    /** Replaces {@code target} (or creates it) with what {@code content} writes. */
    public static void replace(Path target, Content content) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such directory");
        }
        String name = file.getFileName().toString();
        deleteAbandonedTemps(dir, name);
        Path temp = dir.resolve("." + name + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        syncDirectory(dir);
    }

    /** The temp files of {@code target} whose writing process has ended, e.g. after a kill -9; deleted best effort. */
    static void deleteAbandonedTemps(Path dir, String target) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "." + escapeGlob(target) + ".*.tmp")) {
            for (Path entry : entries) {
                Matcher m = TEMP.matcher(entry.getFileName().toString());
                if (m.matches() && m.group(1).equals(target) && !isRunning(m.group(2))) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            // cleaning up is a courtesy; the write itself does not depend on it
        }
    }

    private static boolean isRunning(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not ours to judge
        }
    }

    private static String escapeGlob(String name) {
        return name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }

    /** Makes the rename durable where the platform lets us open a directory (not on Windows); best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the platform cannot fsync directories; the file itself is already on disk
        }
    }
}
