package io.virtkit.xen.internal.xl;

import java.util.List;
import java.util.Objects;

/**
 * A value of an xl configuration setting. libxl's parser knows only atoms (quoted strings and bare numbers,
 * both kept as text) and bracketed lists of values, which may nest ({@code vnuma}).
 */
public sealed interface XlValue permits XlValue.Atom, XlValue.XlList {

    /** A string or number; {@code quoted} tells how it was (or is to be) written. */
    record Atom(String text, boolean quoted) implements XlValue {
        public Atom {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A bracketed list. */
    record XlList(List<XlValue> items) implements XlValue {
        public XlList {
            items = List.copyOf(items);
        }
    }

    /** A quoted string. */
    static Atom string(String text) {
        return new Atom(text, true);
    }

    /** A bare number. */
    static Atom number(long value) {
        return new Atom(Long.toString(value), false);
    }

    /** A list of quoted strings. */
    static XlList strings(List<String> texts) {
        return new XlList(texts.stream().map(t -> (XlValue) string(t)).toList());
    }
}
