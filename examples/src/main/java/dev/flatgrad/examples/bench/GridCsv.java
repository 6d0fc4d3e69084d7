package dev.flatgrad.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the grid's points from the CSV file JMH writes for {@link TrainStepBenchmark} ({@code -rf csv}). */
final class GridCsv {
    private static final String UNIT = "us/op";

    private GridCsv() {
    }

    /**
     * The points of {@code file}, in its order.
     *
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it is not such a file: a column missing, a unit other than {@value #UNIT}
     */
    static List<GridPoint> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty");
        }
        List<String> header = fields(lines.get(0));
        int score = column(header, "Score", file);
        int error = column(header, "Score Error (99.9%)", file);
        int unit = column(header, "Unit", file);
        int nEmbd = column(header, "Param: nEmbd", file);
        int dtype = column(header, "Param: dtype", file);
        int batch = column(header, "Param: batch", file);
        int threads = column(header, "Param: threads", file);
        List<GridPoint> points = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> row = fields(line);
            if (row.size() != header.size()) {
                throw new IllegalArgumentException(file + ": " + row.size() + " fields where the header has "
                        + header.size() + ": " + line);
            }
            if (!UNIT.equals(row.get(unit))) {
                throw new IllegalArgumentException(file + ": unit " + row.get(unit) + ", expected " + UNIT);
            }
            points.add(new GridPoint(Integer.parseInt(row.get(nEmbd)), row.get(dtype), Integer.parseInt(row.get(batch)),
                    Integer.parseInt(row.get(threads)), Double.parseDouble(row.get(score)),
                    parseError(row.get(error))));
        }
        return points;
    }

    /** JMH writes NaN for the error of a single measurement. */
    private static double parseError(String text) {
        return text.isEmpty() ? Double.NaN : Double.parseDouble(text);
    }

    private static int column(List<String> header, String name, Path file) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(file + " has no column \"" + name + "\" (a CSV of TrainStepBenchmark"
                    + " written with -rf csv has)");
        }
        return i;
    }

    /** The comma-separated fields of one line; a field in double quotes may hold commas and doubled quotes. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
