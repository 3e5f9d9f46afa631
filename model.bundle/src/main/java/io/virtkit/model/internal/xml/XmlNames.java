package io.virtkit.model.internal.xml;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Maps enum constants to the lower-case, dash-separated names libvirt uses in XML. */
public final class XmlNames {

    /**
     * Each enum's XML names by ordinal, computed once: codecs map values on every attribute they read, and
     * lower-casing each constant's name on every call showed up in parse profiles. A {@link ClassValue} is
     * dropped with its class, so a bundle's enums are not kept alive from here.
     */
    private static final ClassValue<String[]> NAMES = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            String[] names = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                names[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT).replace('_', '-');
            }
            return names;
        }
    };

    /** Each enum's constants by XML name. */
    private static final ClassValue<Map<String, Object>> BY_NAME = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            String[] names = NAMES.get(type);
            Map<String, Object> map = new HashMap<>();
            for (int i = 0; i < constants.length; i++) {
                map.putIfAbsent(names[i], constants[i]);
            }
            return Map.copyOf(map);
        }
    };

    private XmlNames() {
    }

    public static String of(Enum<?> constant) {
        return NAMES.get(constant.getDeclaringClass())[constant.ordinal()];
    }

    public static <E extends Enum<E>> Optional<E> lookup(Class<E> type, String xmlName) {
        if (xmlName == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(type.cast(BY_NAME.get(type).get(xmlName)));
    }
}
