package dev.flatgrad.examples.microgpt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * microgpt.py's dataset {@code docs}: a list of non-blank, stripped lines (for example names), and
 * a short description of where they came from for the CLI to print.
 *
 * <p>{@link #load} reads a file exactly as microgpt.py does,
 * {@code docs = [line.strip() for line in open(file) if line.strip()]}, except that the file is
 * always decoded as strict UTF-8 (Python would use the platform's locale encoding). Documents
 * longer than the model's context are kept whole: cutting them is the trainer's job, as microgpt.py
 * does with {@code n = min(block_size, len(tokens) - 1)}. The order is the file's; shuffling is the
 * trainer's job too.
 *
 * @param documents microgpt.py's {@code docs}: in file order, never empty, each non-empty and free
 *     of leading and trailing whitespace (as Python's {@code str.strip()} defines it)
 * @param description where they came from, for the CLI to print, e.g.
 *     {@code "names.txt (32,033 documents)"}
 * @param file the absolute path of the file they were read from, or null when they are built in
 */
public record Documents(List<String> documents, String description, Path file) {
    /** The file microgpt.py reads from its working directory. */
    public static final String DEFAULT_FILE_NAME = "input.txt";
    /** A data file may take 1/10 of the maximum heap as bytes: its strings and token ids need several times more. */
    private static final int HEAP_PER_DATA_BYTE = 10;
    /** The largest file read into one array. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

    public Documents {
        documents = List.copyOf(documents);
        Objects.requireNonNull(description, "description");
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("no documents from " + description);
        }
    }

    /** Documents that come from no file. */
    public Documents(List<String> documents, String description) {
        this(documents, description, null);
    }

    /** The number of documents, microgpt.py's {@code len(docs)}. */
    public int size() {
        return documents.size();
    }

    /**
     * The documents of a UTF-8 text file, one per non-blank line, stripped.
     *
     * @throws DataException if the file does not exist, is a directory, cannot be read, is empty,
     *     has only blank lines, or is not valid UTF-8; the message names the absolute path
     */
    public static Documents load(Path file) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new DataException("Data file " + absolute + " is a directory, not a file");
        }
        byte[] bytes;
        try {
            bytes = readCapped(absolute, maxBytes());
        } catch (NoSuchFileException e) {
            throw new DataException("Data file not found: " + absolute, e);
        } catch (AccessDeniedException e) {
            throw new DataException("Cannot read data file " + absolute + ": permission denied", e);
        } catch (IOException e) {
            throw new DataException("Cannot read data file " + absolute + ": " + e.getMessage(), e);
        }
        Path name = absolute.getFileName();
        return parse(bytes, absolute.toString(), name == null ? absolute.toString() : name.toString(), absolute);
    }

    /**
     * The documents of UTF-8 text read from elsewhere (e.g. a Hadoop file system), parsed as {@link #load} parses a
     * file; {@code location} (e.g. {@code hdfs://host/data/names.txt}) names them in errors, {@code name} in the
     * description.
     *
     * @throws DataException if the text is empty, has only blank lines, or is not valid UTF-8
     */
    public static Documents parse(byte[] bytes, String location, String name) {
        return parse(bytes, location, name, null);
    }

    /** The largest data file this JVM's heap takes, in bytes. */
    public static long maxBytes() {
        return Math.min(Runtime.getRuntime().maxMemory() / HEAP_PER_DATA_BYTE, MAX_ARRAY);
    }

    private static Documents parse(byte[] bytes, String location, String name, Path file) {
        if (bytes.length == 0) {
            throw new DataException("Data file " + location + " is empty; it needs one document (e.g. a name) per line");
        }
        List<String> lines = PythonText.lines(StrictUtf8.decode(bytes, "Data file " + location));
        List<String> docs = new ArrayList<>(lines.size());
        for (String line : lines) {
            String doc = PythonText.strip(line);
            if (!doc.isEmpty()) {
                docs.add(doc);
            }
        }
        if (docs.isEmpty()) {
            throw new DataException(String.format(Locale.ROOT,
                    "Data file %s has no documents: its %s %s blank; it needs one document (e.g. a name) per line",
                    location, count(lines.size(), "line"), lines.size() == 1 ? "is" : "are all"));
        }
        return new Documents(docs, describe(name, docs.size()), file);
    }

    /**
     * The file's bytes, refusing more than {@code limit}: a regular file by its size before reading, anything
     * else (a pipe, a device such as /dev/zero) once it has yielded more.
     */
    private static byte[] readCapped(Path file, long limit) throws IOException {
        boolean regular = Files.isRegularFile(file);
        if (regular && Files.size(file) > limit) {
            throw tooLarge(file, mib(Files.size(file)), limit);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) limit + 1);
            if (bytes.length > limit) {
                throw tooLarge(file, "more than " + mib(limit) + (regular ? "" : " (it is not a regular file; is it endless?)"),
                        limit);
            }
            return bytes;
        }
    }

    private static DataException tooLarge(Path file, String size, long limit) {
        return new DataException("Data file " + file + " holds " + size + "; with this JVM's heap ("
                + mib(Runtime.getRuntime().maxMemory()) + ", -Xmx) at most " + mib(limit)
                + " of documents can be loaded. Run java with a larger -Xmx, or use a smaller file");
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.1f MiB", bytes / (double) (1 << 20));
    }

    /**
     * microgpt.py's choice of dataset: {@code input.txt} in {@code workingDir} if it exists (if it
     * exists but is unusable, that is an error, not a fallback), else the embedded English first
     * names ({@link EmbeddedNames}) where microgpt.py would download names.txt.
     *
     * @throws DataException if {@code input.txt} exists but cannot be loaded (see {@link #load})
     */
    public static Documents resolveDefault(Path workingDir) {
        Path input = workingDir.resolve(DEFAULT_FILE_NAME);
        if (Files.exists(input)) { // like os.path.exists: follows links, true for directories too
            return load(input);
        }
        return EmbeddedNames.documents();
    }

    /** A description such as {@code "names.txt (32,033 documents)"}. */
    static String describe(String what, int count) {
        return what + " (" + count(count, "document") + ")";
    }

    /** {@code "32,033 documents"}, {@code "1 document"}; no {@link String#format}, which is slow on a cold JVM. */
    private static String count(int n, String noun) {
        String digits = Integer.toString(n);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            int left = digits.length() - i;
            if (i > 0 && left % 3 == 0 && Character.isDigit(digits.charAt(i - 1))) {
                sb.append(',');
            }
            sb.append(digits.charAt(i));
        }
        return sb.append(' ').append(noun).append(n == 1 ? "" : "s").toString();
    }
}
