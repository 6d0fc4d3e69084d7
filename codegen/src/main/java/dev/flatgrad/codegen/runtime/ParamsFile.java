package dev.flatgrad.codegen.runtime;

import dev.flatgrad.codegen.emission.BufferRole;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A program's params in a file: {@code FLATGRAD-PARAMS}, a version, then per param its name, static
 * shape and values, and a CRC32C of everything before it. Written atomically; read completely and
 * verified before any param is changed.
 */
final class ParamsFile {
    private static final byte[] MAGIC = "FLATGRAD-PARAMS".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private ParamsFile() {
    }

    static void save(Program program, Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(program.names(BufferRole.PARAM).size());
            for (String name : program.names(BufferRole.PARAM)) {
                int[] shape = program.node(BufferRole.PARAM, name).shape().resolve(Map.of());
                double[] values = program.param(name);
                out.writeUTF(name);
                out.writeInt(shape.length);
                for (int d : shape) {
                    out.writeInt(d);
                }
                for (double v : values) {
                    out.writeDouble(v);
                }
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            AtomicWrite.replace(file, out -> bytes.writeTo(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save params to " + file + ": " + e.getMessage(), e);
        }
    }

    static void load(Program program, Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("params file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read params file " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException(file + " is not a flatgrad params file");
        }
        if (bytes.length < MAGIC.length + 8 + 8) {
            throw new IllegalArgumentException("params file " + file + " is truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        if (crc.getValue() != stored) {
            throw new IllegalArgumentException("params file " + file + " is truncated or corrupted (checksum mismatch)");
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length, bytes.length - 8 - MAGIC.length))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("params file " + file + " has unsupported version " + version);
            }
            int count = in.readInt();
            for (int p = 0; p < count; p++) {
                String name = in.readUTF();
                int[] shape = new int[in.readInt()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readInt();
                }
                int[] expected = program.node(BufferRole.PARAM, name).shape().resolve(Map.of());
                if (!Arrays.equals(shape, expected)) {
                    throw new IllegalArgumentException("params file " + file + ": param '" + name + "' has shape "
                            + Arrays.toString(shape) + ", the program expects " + Arrays.toString(expected));
                }
                double[] v = new double[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readDouble();
                }
                values.put(name, v);
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException("params file " + file + " is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!values.keySet().equals(new java.util.HashSet<>(program.names(BufferRole.PARAM)))) {
            throw new IllegalArgumentException("params file " + file + " holds " + values.keySet() + ", the program has "
                    + program.names(BufferRole.PARAM));
        }
        values.forEach(program::setParam);
    }
}
