package io.virtkit.shell.internal;

import java.util.List;
import java.util.Map;

/**
 * virsh's {@code --tree} layout (its {@code vshTreePrint}): each root at the margin, each child after "+- " under a
 * "|" line, siblings joined by "|" down the left, and an indented empty line closing each last leaf.
 */
final class SnapshotTreePrinter {

    private final Map<String, List<String>> children;
    private final StringBuilder out = new StringBuilder();

    /** @param children each snapshot's children in listing order, by name */
    private SnapshotTreePrinter(Map<String, List<String>> children) {
        this.children = children;
    }

    /** The tree of {@code roots}, as virsh snapshot-list --tree prints it. */
    static String render(List<String> roots, Map<String, List<String>> children) {
        SnapshotTreePrinter printer = new SnapshotTreePrinter(children);
        for (String root : roots) {
            printer.print(root, true, true, new StringBuilder());
        }
        return printer.out.toString();
    }

    private void print(String name, boolean root, boolean last, StringBuilder indent) {
        out.append(indent).append(root ? "" : "+- ").append(name).append('\n');
        if (!root) {
            indent.append(last ? ' ' : '|').append(' ');
        }
        List<String> kids = children.getOrDefault(name, List.of());
        if (!kids.isEmpty()) {
            out.append(indent).append("  |\n");
        }
        indent.append("  ");
        for (int i = 0; i < kids.size(); i++) {
            print(kids.get(i), false, i == kids.size() - 1, indent);
        }
        indent.setLength(indent.length() - 2);
        if (kids.isEmpty() && last) {
            out.append(indent).append('\n');
        }
        if (!root) {
            indent.setLength(indent.length() - 2);
        }
    }
}
