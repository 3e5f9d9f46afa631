package io.virtkit.model.network;

import java.util.Locale;

/** Who manages the bridge's MAC table: libvirt's {@code <bridge macTableManager>}. */
public enum MacTableManager {
    /** The kernel learns addresses (the default). */
    KERNEL,
    /** libvirt programs the table and turns learning off. */
    LIBVIRT;

    public String xmlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
