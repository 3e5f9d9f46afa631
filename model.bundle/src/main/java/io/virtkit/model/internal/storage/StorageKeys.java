package io.virtkit.model.internal.storage;

import io.virtkit.model.internal.xml.XmlKeys;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every key of libvirt's pool and volume XML that a codec reads, as paths from the root, and what is refused
 * (listed in {@code pool-not-modelled.txt} and {@code volume-not-modelled.txt} beside this class).
 */
public final class StorageKeys {
    public static final String POOL_NOT_MODELLED = "pool-not-modelled.txt";
    public static final String VOLUME_NOT_MODELLED = "volume-not-modelled.txt";

    public static final XmlKeys POOL = XmlKeys.of(under("pool", StoragePoolXml.MODELLED), StorageKeys.class,
            POOL_NOT_MODELLED);
    public static final XmlKeys VOLUME = XmlKeys.of(under("volume", StorageVolumeXml.MODELLED), StorageKeys.class,
            VOLUME_NOT_MODELLED);

    private StorageKeys() {
    }

    private static List<String> under(String root, List<String> keys) {
        return Stream.concat(Stream.of(root), keys.stream().map(k -> root + (k.startsWith("@") ? "" : "/") + k))
                .toList();
    }
}
