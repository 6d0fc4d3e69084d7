package dev.flatgrad.spark;

import dev.flatgrad.examples.microgpt.DataException;
import dev.flatgrad.examples.microgpt.Documents;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Paths;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The documents of a data file on any file system Spark's Hadoop client reaches ({@code hdfs://}, {@code s3a://},
 * {@code file:}, or a plain path on the driver's default file system), read by the driver and parsed exactly as
 * microgpt's {@link Documents#load} parses a local file.
 */
final class HadoopDocuments {
    private HadoopDocuments() {
    }

    /** @throws DataException if the file is missing, a folder, too large for the driver's heap, or not documents */
    static Documents load(String location, Configuration hadoop) {
        Path path = new Path(location);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            Path qualified = fs.makeQualified(path);
            FileStatus status = fs.getFileStatus(qualified);
            if (status.isDirectory()) {
                throw new DataException("Data file " + qualified + " is a folder, not a file");
            }
            long limit = Documents.maxBytes();
            if (status.getLen() > limit) {
                throw new DataException(String.format(Locale.ROOT, "Data file %s holds %,d bytes; with the driver's heap"
                        + " (-Xmx, spark-submit --driver-memory) at most %,d can be loaded", qualified, status.getLen(), limit));
            }
            byte[] bytes;
            try (InputStream in = fs.open(qualified)) {
                bytes = in.readNBytes((int) status.getLen());
            }
            Documents documents = Documents.parse(bytes, qualified.toString(), qualified.getName());
            // a local file keeps its path, so a checkpoint is never written over it
            return "file".equals(qualified.toUri().getScheme())
                    ? new Documents(documents.documents(), documents.description(), Paths.get(qualified.toUri()))
                    : documents;
        } catch (FileNotFoundException e) {
            throw new DataException("Data file not found: " + location, e);
        } catch (IOException e) {
            throw new DataException("Cannot read data file " + location + ": " + e.getMessage(), e);
        }
    }
}
