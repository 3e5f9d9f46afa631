package io.virtkit.xen.internal.xl;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An xl (or xm) domain configuration file: settings in file order. The syntax is libxl's ({@code xl.cfg(5)}):
 * {@code KEY = VALUE} or {@code KEY += VALUE}, ended by a newline or {@code ;}; a value is a string in single or
 * double quotes (with backslash escapes), a bare number, or a bracketed list of values (nested, spread over
 * lines, with a trailing comma allowed); {@code #} starts a comment. As in xl, a key given twice keeps its last
 * value, and {@code +=} appends to a string or a list.
 */
public final class XlConfig {
    private final Map<String, XlValue> settings = new LinkedHashMap<>();

    /** An empty configuration, to fill with {@link #set}. */
    public XlConfig() {
    }

    /** The configuration that text describes; syntax errors are libvirt's configuration errors. */
    public static XlConfig parse(String text) {
        XlConfig config = new XlConfig();
        new Reader(text, config).read();
        return config;
    }

    /** The value of a setting, or {@code null}. */
    public XlValue get(String key) {
        return settings.get(key);
    }

    /** Sets a setting, keeping the place of an earlier one of that key. */
    public XlConfig set(String key, XlValue value) {
        settings.put(key, value);
        return this;
    }

    /** Sets a quoted string. */
    public XlConfig set(String key, String value) {
        return set(key, XlValue.string(value));
    }

    /** Sets a bare number. */
    public XlConfig set(String key, long value) {
        return set(key, XlValue.number(value));
    }

    /** Removes a setting. */
    public XlConfig remove(String key) {
        settings.remove(key);
        return this;
    }

    /** The keys in file order. */
    public List<String> keys() {
        return List.copyOf(settings.keySet());
    }

    /** The settings in file order. */
    public Map<String, XlValue> settings() {
        return Collections.unmodifiableMap(settings);
    }

    /** The file text: one {@code key = value} line per setting, strings in double quotes, lists on one line. */
    public String format() {
        StringBuilder out = new StringBuilder();
        settings.forEach((key, value) -> {
            out.append(key).append(" = ");
            formatValue(value, out);
            out.append('\n');
        });
        return out.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    private static void formatValue(XlValue value, StringBuilder out) {
        if (value instanceof XlValue.Atom atom) {
            if (atom.quoted()) {
                quote(atom.text(), out);
            } else {
                out.append(atom.text());
            }
            return;
        }
        List<XlValue> items = ((XlValue.XlList) value).items();
        out.append("[ ");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            formatValue(items.get(i), out);
        }
        out.append(" ]");
    }

    /** Double quotes, escaping what libxl's parser unescapes. */
    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        out.append('"');
    }

    /** libvirt reads native text as an in-memory file it names "memory conf" in its errors. */
    static VirtException syntax(int line, String detail) {
        return new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF, "memory conf:" + line + ": " + detail);
    }

    /** A recursive-descent reader of libxl's grammar. */
    private static final class Reader {
        private final String text;
        private final XlConfig config;
        private int pos;
        private int line = 1;

        Reader(String text, XlConfig config) {
            this.text = text;
            this.config = config;
        }

        void read() {
            while (true) {
                skipBlanks();
                if (pos >= text.length()) {
                    return;
                }
                char c = text.charAt(pos);
                if (c == '\n' || c == ';') {
                    next();
                    continue;
                }
                assignment();
            }
        }

        private void assignment() {
            String key = name();
            skipBlanks();
            boolean append = false;
            if (text.startsWith("+=", pos)) {
                append = true;
                pos += 2;
            } else if (peek() == '=') {
                pos++;
            } else {
                throw syntax(line, "expecting an assignment");
            }
            skipBlanks();
            XlValue value = value();
            skipBlanks();
            if (pos < text.length() && peek() != '\n' && peek() != ';') {
                throw syntax(line, "expecting a separator");
            }
            XlValue earlier = config.get(key);
            if (append && earlier != null) {
                value = appended(key, earlier, value);
            }
            config.set(key, value);
        }

        private XlValue appended(String key, XlValue earlier, XlValue more) {
            if (earlier instanceof XlValue.Atom a && more instanceof XlValue.Atom b) {
                return new XlValue.Atom(a.text() + b.text(), a.quoted() || b.quoted());
            }
            if (earlier instanceof XlValue.XlList a && more instanceof XlValue.XlList b) {
                List<XlValue> items = new ArrayList<>(a.items());
                items.addAll(b.items());
                return new XlValue.XlList(items);
            }
            throw syntax(line, "can't add to '" + key + "': the values are of different kinds");
        }

        private String name() {
            int start = pos;
            if (pos < text.length() && (Character.isLetter(peek()) || peek() == '_')) {
                pos++;
                while (pos < text.length()
                        && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '.')) {
                    pos++;
                }
            }
            if (start == pos) {
                throw syntax(line, "expecting a name");
            }
            return text.substring(start, pos);
        }

        private XlValue value() {
            if (pos >= text.length()) {
                throw syntax(line, "expecting a value");
            }
            char c = peek();
            if (c == '"' || c == '\'') {
                return XlValue.string(string(c));
            }
            if (c >= '0' && c <= '9') {
                int start = pos;
                while (pos < text.length() && Character.isLetterOrDigit(peek())) {
                    pos++;
                }
                return new XlValue.Atom(text.substring(start, pos), false);
            }
            if (c == '[') {
                return list();
            }
            throw syntax(line, "expecting a value");
        }

        private XlValue list() {
            pos++; // '['
            List<XlValue> items = new ArrayList<>();
            skipBlanksAndNewlines();
            while (peekOrEnd() != ']') {
                items.add(value());
                skipBlanksAndNewlines();
                if (peekOrEnd() == ',') {
                    pos++;
                    skipBlanksAndNewlines();
                } else if (peekOrEnd() != ']') {
                    throw syntax(line, "expecting a separator in list");
                }
            }
            pos++; // ']'
            return new XlValue.XlList(items);
        }

        private String string(char quote) {
            int startLine = line;
            pos++;
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= text.length() || peek() == '\n') {
                    throw syntax(startLine, "unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == quote) {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    throw syntax(startLine, "unterminated string");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'a' -> out.append('\u0007');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'v' -> out.append('\u000b');
                    case 'e' -> out.append('\u001b');
                    case '\\', '\'', '"' -> out.append(e);
                    case 'x' -> out.append((char) digits(16, 2, startLine));
                    default -> {
                        if (e >= '0' && e <= '7') {
                            pos--;
                            out.append((char) digits(8, 3, startLine));
                        } else {
                            throw syntax(startLine, "invalid escape '\\" + e + "' in string");
                        }
                    }
                }
            }
        }

        private int digits(int radix, int max, int startLine) {
            int start = pos;
            while (pos < text.length() && pos - start < max && Character.digit(peek(), radix) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw syntax(startLine, "invalid escape in string");
            }
            return Integer.parseInt(text.substring(start, pos), radix);
        }

        private void skipBlanks() {
            while (pos < text.length()) {
                char c = peek();
                if (c == ' ' || c == '\t' || c == '\r') {
                    pos++;
                } else if (c == '#') {
                    while (pos < text.length() && peek() != '\n') {
                        pos++;
                    }
                } else {
                    return;
                }
            }
        }

        private void skipBlanksAndNewlines() {
            skipBlanks();
            while (pos < text.length() && peek() == '\n') {
                next();
                skipBlanks();
            }
        }

        private void next() {
            if (text.charAt(pos++) == '\n') {
                line++;
            }
        }

        /** The next character, or NUL at the end: every caller then reports what it expected there. */
        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private char peekOrEnd() {
            if (pos >= text.length()) {
                throw syntax(line, "expecting a value");
            }
            return peek();
        }
    }
}
