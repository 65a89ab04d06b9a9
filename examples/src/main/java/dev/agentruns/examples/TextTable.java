package dev.agentruns.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tiny plain-text table: left-aligned columns as wide as their widest cell, a dashed rule under
 * the header. Enough for a console stand-in of the Agent Runs view. Not thread-safe.
 */
final class TextTable {
    private static final String GAP = "  ";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; cells are printed with {@link String#valueOf(Object)}, null as "-". */
    TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : String.valueOf(c)).toList());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Prints the table, each line starting with {@code indent}. */
    void print(PrintStream out, String indent) {
        int[] widths = widths();
        out.println(indent + line(headers, widths));
        out.println(indent + line(Arrays.stream(widths).mapToObj("-"::repeat).toList(), widths));
        for (List<String> row : rows) {
            out.println(indent + line(row, widths));
        }
    }

    private int[] widths() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = width(headers.get(i));
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        return widths;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            sb.append(cell).append(" ".repeat(widths[i] - width(cell)));
            if (i < cells.size() - 1) {
                sb.append(GAP);
            }
        }
        return sb.toString().stripTrailing();
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
