package io.virtkit.esx.internal.vmx;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A VMX file: {@code key = "value"} lines and {@code #} comments in file order, read as libvirt's configuration
 * parser reads it in VMX mode. Keys start with a letter or {@code .} and hold letters, digits, {@code _ . : -};
 * values are quoted strings (VMX has no numbers and no lists); lookups ignore the keys' case and the first entry
 * wins. Values are kept as written: the {@code |XX} and {@code %XX} hex escapes VMware writes are undone by
 * {@link #unescapeHex} only where libvirt undoes them (the display name, the annotation).
 *
 * @param entries the key/value entries and comments, in file order
 */
public record VmxFile(List<Entry> entries) {

    /**
     * One line: a key and its value, or a comment alone ({@code key} and {@code value} {@code null}).
     *
     * @param key     the key as written, or {@code null} for a comment line
     * @param value   the value without its quotes, or {@code null} for a comment line
     * @param comment the comment after {@code #}, or {@code null}
     */
    public record Entry(String key, String value, String comment) {
    }

    public VmxFile {
        entries = List.copyOf(entries);
    }

    /** The value of {@code key} (ignoring case), the first if several, or {@code null}. */
    public String get(String key) {
        for (Entry e : entries) {
            if (e.key() != null && e.key().equalsIgnoreCase(key)) {
                return e.value();
            }
        }
        return null;
    }

    /** The keys in file order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        entries.forEach(e -> {
            if (e.key() != null) {
                keys.add(e.key());
            }
        });
        return keys;
    }

    /**
     * Reads a VMX file's bytes: the {@code .encoding} entry names their character set (UTF-8 when absent), as
     * libvirt converts a file in another encoding before it reads it.
     */
    public static VmxFile parse(byte[] content) {
        // The keys are ASCII, so a Latin-1 reading finds .encoding in any ASCII-compatible encoding.
        String encoding = parse(new String(content, StandardCharsets.ISO_8859_1)).get(".encoding");
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : charset(encoding);
        return parse(new String(content, charset));
    }

    /** The character set of a {@code .encoding} value, refused with libvirt's words when unknown. */
    static Charset charset(String encoding) {
        try {
            return Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            // libvirt converts through libxml2 and names it when the encoding is unknown.
            throw VmxErrors.internal("libxml2 doesn't handle " + encoding + " encoding");
        }
    }

    /** Reads VMX text already decoded into characters. */
    public static VmxFile parse(String text) {
        return new Parser(text).parse();
    }

    /**
     * The text of this file: one {@code key = "value"} line per entry. A {@code "} or line break in a value
     * cannot stand in VMX's quotes, so it is written as VMware writes it ({@code |22}, {@code |0A}, {@code |0D}).
     */
    public String format() {
        StringBuilder out = new StringBuilder();
        for (Entry e : entries) {
            if (e.key() != null) {
                out.append(e.key()).append(" = \"").append(quotable(e.value())).append('"');
                if (e.comment() != null) {
                    out.append(" #").append(e.comment());
                }
            } else {
                out.append('#').append(e.comment());
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String quotable(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\n' || c == '\r') {
                out.append('|').append(String.format(Locale.ROOT, "%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * {@code value} with {@code escape} and each of {@code specials} written as {@code escape} and two lower-case
     * hex digits (libvirt's virVMXEscapeHex: {@code |} for {@code "} in names and annotations, {@code %} for
     * {@code / \} in names).
     */
    public static String escapeHex(String value, char escape, String specials) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == escape || specials.indexOf(c) >= 0) {
                out.append(escape).append(String.format(Locale.ROOT, "%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * {@code value} with every {@code escape} and two hex digits turned back into that byte, or {@code null} when
     * an escape is not followed by two hex digits. The bytes are UTF-8, so an escaped multi-byte character comes
     * back whole.
     */
    public static String unescapeHex(String value, char escape) {
        if (value.indexOf(escape) < 0) {
            return value;
        }
        byte[] in = value.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[in.length];
        int n = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == escape) {
                if (i + 2 >= in.length || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) {
                    return null;
                }
                out[n++] = (byte) (hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else {
                out[n++] = in[i];
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

    /** Builds a file entry by entry, in the order the entries are put. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        /** Appends {@code key = "value"}. */
        public Builder put(String key, String value) {
            entries.add(new Entry(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"), null));
            return this;
        }

        public VmxFile build() {
            return new VmxFile(entries);
        }
    }

    /** libvirt's configuration parser in VMX mode, with its error words (file name "memory conf"). */
    private static final class Parser {
        private final String text;
        private final List<Entry> entries = new ArrayList<>();
        private int pos;
        private int line = 1;

        Parser(String text) {
            this.text = text;
        }

        VmxFile parse() {
            while (pos < text.length()) {
                statement();
                separator();
            }
            return new VmxFile(entries);
        }

        private void statement() {
            skipBlanksAndEol();
            if (pos >= text.length()) {
                return;
            }
            if (cur() == '#') {
                pos++;
                entries.add(new Entry(null, null, restOfLine()));
                return;
            }
            String key = name();
            skipBlanks();
            if (cur() != '=') {
                throw syntax("expecting an assignment");
            }
            pos++;
            skipBlanks();
            String value = value();
            skipBlanks();
            String comment = null;
            if (cur() == '#') {
                pos++;
                comment = restOfLine();
            }
            entries.add(new Entry(key, value, comment));
        }

        private String name() {
            int start = pos;
            char c = cur();
            if (!(isAsciiLetter(c) || c == '.')) {
                throw syntax("expecting a name");
            }
            while (pos < text.length()) {
                c = cur();
                if (isAsciiLetter(c) || c >= '0' && c <= '9' || c == '_' || c == ':' || c == '.' || c == '-') {
                    pos++;
                } else {
                    break;
                }
            }
            return text.substring(start, pos);
        }

        private String value() {
            if (pos >= text.length()) {
                throw syntax("expecting a value");
            }
            char c = cur();
            if (c == '"' || c == '\'') {
                if (c == '"' && text.startsWith("\"\"\"", pos) && pos + 6 < text.length()) {
                    int end = text.indexOf("\"\"\"", pos + 3);
                    if (end < 0) {
                        throw syntax("unterminated string");
                    }
                    String value = text.substring(pos + 3, end);
                    line += (int) value.chars().filter(ch -> ch == '\n').count();
                    pos = end + 3;
                    return value;
                }
                int start = ++pos;
                while (pos < text.length() && cur() != c && !isEol(cur())) {
                    pos++;
                }
                if (cur() != c) {
                    throw syntax("unterminated string");
                }
                return text.substring(start, pos++);
            }
            if (c == '[') {
                throw syntax("lists not allowed in VMX format");
            }
            if (c >= '0' && c <= '9' || c == '-' || c == '+') {
                throw syntax("numbers not allowed in VMX format");
            }
            throw syntax("expecting a value");
        }

        private void separator() {
            skipBlanks();
            if (pos >= text.length()) {
                return;
            }
            if (isEol(cur())) {
                skipBlanksAndEol();
            } else if (cur() == ';') {
                pos++;
                skipBlanksAndEol();
            } else {
                throw syntax("expecting a separator");
            }
        }

        private String restOfLine() {
            int start = pos;
            while (pos < text.length() && !isEol(cur())) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private char cur() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipBlanks() {
            while (pos < text.length() && (cur() == ' ' || cur() == '\t')) {
                pos++;
            }
        }

        private void skipBlanksAndEol() {
            while (pos < text.length() && (cur() == ' ' || cur() == '\t' || isEol(cur()))) {
                if (cur() == '\n') {
                    line++;
                }
                pos++;
            }
        }

        private static boolean isEol(char c) {
            return c == '\n' || c == '\r';
        }

        private static boolean isAsciiLetter(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }

        private VirtException syntax(String what) {
            return new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF, "memory conf:" + line + ": " + what);
        }
    }
}
