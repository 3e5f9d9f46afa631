package io.virtkit.shell.internal;

/**
 * Re-indents a JSON text the way virsh's --pretty prints it: one member or element per line, two spaces per
 * level, "key": value, and empty objects and arrays kept as {} and []. It only moves whitespace, never
 * touching what is inside strings, so a text that is not well-formed JSON comes out with its tokens as they
 * were; no JSON library is needed for that.
 */
final class JsonIndenter {

    private static final String INDENT = "  ";

    private JsonIndenter() {
    }

    static String indent(String json) {
        StringBuilder out = new StringBuilder(json.length() * 2);
        int depth = 0;
        int i = 0;
        int n = json.length();
        while (i < n) {
            char c = json.charAt(i);
            if (c == '"') {
                int end = endOfString(json, i);
                out.append(json, i, end);
                i = end;
                continue;
            }
            switch (c) {
                case '{', '[' -> {
                    int next = skipSpace(json, i + 1);
                    char close = c == '{' ? '}' : ']';
                    if (next < n && json.charAt(next) == close) {
                        out.append(c).append(close);
                        i = next + 1;
                        continue;
                    }
                    depth++;
                    out.append(c);
                    newline(out, depth);
                }
                case '}', ']' -> {
                    depth = Math.max(0, depth - 1);
                    newline(out, depth);
                    out.append(c);
                }
                case ',' -> {
                    out.append(c);
                    newline(out, depth);
                }
                case ':' -> out.append(": ");
                case ' ', '\t', '\n', '\r' -> {
                    // the layout is rebuilt; whitespace between tokens is dropped
                }
                default -> out.append(c);
            }
            i++;
        }
        return out.toString();
    }

    /** The index just past the string starting at {@code start} (its closing quote), or the text's end. */
    private static int endOfString(String json, int start) {
        int i = start + 1;
        while (i < json.length()) {
            char c = json.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return json.length();
    }

    private static int skipSpace(String json, int from) {
        int i = from;
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void newline(StringBuilder out, int depth) {
        out.append('\n').append(INDENT.repeat(depth));
    }
}
