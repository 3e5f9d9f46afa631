package io.virtkit.model.internal.xml;

import java.util.Locale;
import java.util.Optional;

/** Maps enum constants to the lower-case, dash-separated names libvirt uses in XML. */
public final class XmlNames {
    private XmlNames() {
    }

    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static <E extends Enum<E>> Optional<E> lookup(Class<E> type, String xmlName) {
        for (E e : type.getEnumConstants()) {
            if (of(e).equals(xmlName)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
