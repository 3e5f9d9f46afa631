package io.virtkit.model.domain;

import java.util.Locale;
import java.util.Optional;

/** Maps enum constants to the lower-case, dash-separated names libvirt uses in XML. */
final class XmlNames {
    private XmlNames() {
    }

    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> Optional<E> lookup(Class<E> type, String xmlName) {
        for (E e : type.getEnumConstants()) {
            if (of(e).equals(xmlName)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
