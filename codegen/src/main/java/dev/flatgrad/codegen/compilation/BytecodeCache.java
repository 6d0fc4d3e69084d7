package dev.flatgrad.codegen.compilation;

import dev.flatgrad.codegen.runtime.ChecksummedFile;
import dev.flatgrad.codegen.runtime.GeneratedProgram;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Compiled program classes kept on disk between runs, as JAX keeps compiled executables: the second run of
 * the same model loads its classes instead of compiling them with Janino. An entry is keyed by the SHA-256 of
 * the generated source, and lives in a folder named after the Janino version and a hash of
 * {@link GeneratedProgram}'s own bytecode (the API generated code calls), so a new Janino or a new runtime
 * never loads old bytes.
 *
 * <p>The folder: the system property {@value #DIR_PROPERTY}, else the environment variable {@value #DIR_ENV},
 * else {@code $XDG_CACHE_HOME/flatgrad}, else {@code ~/.cache/flatgrad}; either set to {@code off} turns the
 * cache off. Entries are written atomically with a checksum; a damaged entry is deleted and compiled again;
 * beyond {@value #MAX_ENTRIES} entries the least recently used go. Any failure to read or write the cache
 * only costs the compile it would have saved.
 */
public final class BytecodeCache {
    public static final String DIR_PROPERTY = "flatgrad.cacheDir";
    public static final String DIR_ENV = "FLATGRAD_CACHE_DIR";
    static final int MAX_ENTRIES = 256;
    private static final String SUFFIX = ".classes";
    private static final ChecksummedFile FORMAT = new ChecksummedFile("FLATGRAD-CLASSES", 1, "compile cache entry");

    private final Path folder;
    private final int maxEntries;

    private BytecodeCache(Path folder, int maxEntries) {
        this.folder = folder;
        this.maxEntries = maxEntries;
    }

    /** The cache of this process's settings, or empty when turned off or without a home folder. */
    public static Optional<BytecodeCache> fromSettings() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(DIR_ENV);
        }
        Path root;
        if (configured != null && !configured.isBlank()) {
            if (configured.strip().equalsIgnoreCase("off")) {
                return Optional.empty();
            }
            root = Path.of(configured.strip());
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            String home = System.getProperty("user.home");
            if (xdg != null && !xdg.isBlank()) {
                root = Path.of(xdg, "flatgrad");
            } else if (home != null && !home.isBlank()) {
                root = Path.of(home, ".cache", "flatgrad");
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(at(root));
    }

    /** A cache under {@code root} (its entries go into a subfolder per Janino version and runtime). */
    public static BytecodeCache at(Path root) {
        return at(root, MAX_ENTRIES);
    }

    static BytecodeCache at(Path root, int maxEntries) {
        return new BytecodeCache(root.resolve("classes-janino-" + janinoVersion() + "-runtime-" + runtimeHash()),
                maxEntries);
    }

    /** The folder holding the entries. */
    public Path folder() {
        return folder;
    }

    /** The classes stored under {@code key}, by binary name, or empty. */
    public Optional<Map<String, byte[]>> load(String key) {
        Path entry = entry(key);
        if (!Files.isRegularFile(entry)) {
            return Optional.empty();
        }
        try {
            Map<String, byte[]> classes = decode(FORMAT.read(entry));
            Files.setLastModifiedTime(entry, FileTime.from(Instant.now())); // recently used
            return Optional.of(classes);
        } catch (RuntimeException | IOException damaged) {
            deleteQuietly(entry);
            return Optional.empty();
        }
    }

    /** Stores the classes of a compiled source under {@code key}; failures are ignored. */
    public void store(String key, Map<String, byte[]> classes) {
        try {
            Files.createDirectories(folder);
            FORMAT.write(entry(key), encode(classes));
            evictBeyond(maxEntries);
        } catch (IOException | RuntimeException e) {
            // a read-only or full disk only costs the next run a compile
        }
    }

    private Path entry(String key) {
        if (!key.matches("[0-9a-f]{16,128}")) {
            throw new IllegalArgumentException("a cache key is a hex digest, got '" + key + "'");
        }
        return folder.resolve(key + SUFFIX);
    }

    private void evictBeyond(int keep) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            dir.forEach(entries::add);
        }
        if (entries.size() <= keep) {
            return;
        }
        entries.sort(Comparator.comparing(BytecodeCache::lastModified));
        for (Path old : entries.subList(0, entries.size() - keep)) {
            deleteQuietly(old);
        }
    }

    private static FileTime lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // another process may hold or have removed it
        }
    }

    static byte[] encode(Map<String, byte[]> classes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(classes.size());
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                out.writeUTF(c.getKey());
                out.writeInt(c.getValue().length);
                out.write(c.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Map<String, byte[]> decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        int count = in.readInt();
        if (count < 1 || count > 100_000) {
            throw new IOException("a cache entry of " + count + " classes");
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            int length = in.readInt();
            if (length < 0 || length > in.available()) {
                throw new IOException("class " + name + " of " + length + " bytes in a shorter entry");
            }
            classes.put(name, in.readNBytes(length));
        }
        if (in.available() != 0) {
            throw new IOException(in.available() + " bytes after the last class");
        }
        return classes;
    }

    /** Janino's version, from its Maven metadata (kept in shaded jars), or "unknown". */
    private static String janinoVersion() {
        try (InputStream in = org.codehaus.janino.SimpleCompiler.class
                .getResourceAsStream("/META-INF/maven/org.codehaus.janino/janino/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown").replaceAll("[^A-Za-z0-9.]", "_");
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "unknown";
    }

    /** The first 16 hex digits of the SHA-256 of GeneratedProgram's class file. */
    private static String runtimeHash() {
        try (InputStream in = GeneratedProgram.class.getResourceAsStream("GeneratedProgram.class")) {
            if (in == null) {
                throw new IllegalStateException("GeneratedProgram.class is missing from its own jar");
            }
            return JaninoCompiler.fingerprint(in.readAllBytes()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
