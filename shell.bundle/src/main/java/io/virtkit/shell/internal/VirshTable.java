package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * virsh's table layout ({@code list}): every cell after a one-space margin, columns three spaces apart
 * and padded to their widest cell except the last, then a dashes line as long as the widths plus three
 * per column.
 */
final class VirshTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    VirshTable(String... header) {
        this.header = List.of(header);
    }

    VirshTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
        }
        rows.add(List.of(cells));
        return this;
    }

    /** The table's lines, each ending in a newline. */
    String render() {
        int[] widths = new int[header.size()];
        for (List<String> line : allLines()) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], width(line.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, header, widths);
        int dashes = 0;
        for (int w : widths) {
            dashes += w + 3;
        }
        out.append("-".repeat(dashes)).append('\n');
        for (List<String> row : rows) {
            appendLine(out, row, widths);
        }
        return out.toString();
    }

    private List<List<String>> allLines() {
        List<List<String>> all = new ArrayList<>(rows);
        all.add(header);
        return all;
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] widths) {
        out.append(' ');
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            out.append(cell);
            if (i < cells.size() - 1) {
                out.append(" ".repeat(widths[i] - width(cell) + 3));
            }
        }
        out.append('\n');
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
