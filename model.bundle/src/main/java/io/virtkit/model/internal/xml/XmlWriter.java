package io.virtkit.model.internal.xml;

/** Writes XML as libvirt does: two-space indentation, single-quoted attributes, {@code null} attributes left out. */
public final class XmlWriter {
    private final StringBuilder out = new StringBuilder();
    private int depth;

    public void open(String element, String... attrs) {
        start(element, attrs);
        out.append(">\n");
        depth++;
    }

    public void close(String element) {
        depth--;
        indent();
        out.append("</").append(element).append(">\n");
    }

    public void empty(String element, String... attrs) {
        start(element, attrs);
        out.append("/>\n");
    }

    /** {@code <element attrs>text</element>}, nothing if {@code text} is {@code null}. */
    public void text(String element, String text, String... attrs) {
        if (text == null) {
            return;
        }
        start(element, attrs);
        out.append('>').append(escape(text, false)).append("</").append(element).append(">\n");
    }

    private void start(String element, String... attrs) {
        indent();
        out.append('<').append(element);
        for (int i = 0; i + 1 < attrs.length; i += 2) {
            if (attrs[i + 1] != null) {
                out.append(' ').append(attrs[i]).append("='").append(escape(attrs[i + 1], true)).append('\'');
            }
        }
    }

    private void indent() {
        out.append("  ".repeat(depth));
    }

    /**
     * The text escaped for XML. A character XML 1.0 cannot hold (a control character other than tab, line feed
     * and carriage return, U+FFFE, U+FFFF) is dropped, as libvirt's virBufferEscapeString drops control
     * characters: a value that came from elsewhere (a VMX or xl file) must not make XML that no parser reads.
     * What a parser would normalize is written as a character reference, so that it reads back as it was: a
     * carriage return anywhere (line ends become line feeds), a tab or line feed in an attribute (spaces there).
     */
    private static String escape(String s, boolean attribute) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == '\uFFFE' || c == '\uFFFF') {
                continue;
            }
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '\'' -> b.append("&apos;");
                case '"' -> b.append("&quot;");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append(attribute ? "&#9;" : "\t");
                case '\n' -> b.append(attribute ? "&#10;" : "\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
