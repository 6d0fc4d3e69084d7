package dev.flatgrad.codegen.runtime;

import dev.flatgrad.codegen.emission.BufferRole;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A program's params in a file: a {@link ChecksummedFile} named {@code FLATGRAD-PARAMS} whose payload
 * holds the param count, then per param its name ({@code writeUTF}), rank, static shape and values.
 * Written atomically; read completely and verified before any param is changed.
 */
final class ParamsFile {
    /** Version 1 had its own header and a long checksum; version 2 is the shared envelope. */
    private static final ChecksummedFile ENVELOPE = new ChecksummedFile("FLATGRAD-PARAMS", 2, "params file");

    private ParamsFile() {
    }

    static void save(Program program, Path file) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(payload)) {
            out.writeInt(program.names(BufferRole.PARAM).size());
            for (String name : program.names(BufferRole.PARAM)) {
                int[] shape = program.node(BufferRole.PARAM, name).shape().resolve(Map.of());
                out.writeUTF(name);
                out.writeInt(shape.length);
                for (int d : shape) {
                    out.writeInt(d);
                }
                for (double v : program.param(name)) {
                    out.writeDouble(v);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        try {
            ENVELOPE.write(file, payload.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save params to " + file + ": " + e.getMessage(), e);
        }
    }

    static void load(Program program, Path file) {
        Map<String, double[]> values = new LinkedHashMap<>();
        byte[] payload = ENVELOPE.read(file);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
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
            if (in.available() > 0) {
                throw new IllegalArgumentException("params file " + file + " has inconsistent contents: "
                        + in.available() + " unused bytes after the last param");
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException("params file " + file + " has inconsistent contents: its fields run"
                    + " past the length its header gives", e);
        } catch (IOException e) { // a name that is not modified UTF-8: the bytes are in memory, nothing else fails
            throw new IllegalArgumentException("params file " + file + " has inconsistent contents: " + e.getMessage(), e);
        }
        if (!values.keySet().equals(new HashSet<>(program.names(BufferRole.PARAM)))) {
            throw new IllegalArgumentException("params file " + file + " holds " + values.keySet() + ", the program has "
                    + program.names(BufferRole.PARAM));
        }
        values.forEach(program::setParam);
    }
}
