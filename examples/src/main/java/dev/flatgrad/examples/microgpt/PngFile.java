package dev.flatgrad.examples.microgpt;

import dev.flatgrad.codegen.runtime.AtomicWrite;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** PNG files: recognising one by its signature, and writing an image as one atomically. */
public final class PngFile {
    /** The eight bytes every PNG file starts with. */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngFile() {
    }

    /** Whether {@code file} starts with the PNG signature. */
    public static boolean looksLikePng(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(SIGNATURE, in.readNBytes(SIGNATURE.length));
        }
    }

    /**
     * Writes {@code image} to {@code file} as a PNG, atomically: after a failure the file is as it was.
     *
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, BufferedImage image) throws IOException {
        AtomicWrite.replace(file, out -> {
            // cached in memory: ImageIO's default disk cache registers a shutdown hook, which fails while the JVM
            // shuts down (a run stopped by SIGTERM draws its curve then), and leaves a file in the temp folder
            try (ImageOutputStream png = new MemoryCacheImageOutputStream(out)) {
                if (!ImageIO.write(image, "png", png)) {
                    throw new IOException("this Java has no PNG writer");
                }
            }
        });
    }
}
