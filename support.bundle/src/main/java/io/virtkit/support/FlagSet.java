package io.virtkit.support;

import java.util.EnumSet;
import java.util.Set;

/** Flags as the API takes them (varargs, possibly null or holding nulls) as the set a driver works with. */
public final class FlagSet {
    private FlagSet() {
    }

    /** The non-null {@code values} as a mutable set; empty for none or null. */
    @SafeVarargs
    public static <T extends Enum<T>> Set<T> of(Class<T> type, T... values) {
        EnumSet<T> set = EnumSet.noneOf(type);
        if (values != null) {
            for (T v : values) {
                if (v != null) {
                    set.add(v);
                }
            }
        }
        return set;
    }
}
