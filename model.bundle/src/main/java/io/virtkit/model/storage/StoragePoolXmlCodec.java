package io.virtkit.model.storage;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.storage.StoragePoolXml;

/**
 * The codec for libvirt's storage pool XML: parses it into a {@link StoragePoolDefinition} and writes a
 * definition back the way libvirt does (element order, two-space indentation, single-quoted attributes).
 * Every element and attribute of libvirt's {@code storagepool.rng} is kept or refused, never dropped.
 *
 * <p>Parsing is secure: documents with a DTD are rejected, so no entity is ever expanded or fetched. Errors
 * are {@link VirtException}s with libvirt's code and message from {@link ErrorDomain#STORAGE}; XML that is
 * not well-formed gives {@link ErrorCode#XML_DETAIL} with the line, as libvirt's
 * {@code (storage_pool_definition):LINE: …}; what the model does not keep gives
 * {@link ErrorCode#CONFIG_UNSUPPORTED} naming it.
 */
public final class StoragePoolXmlCodec {

    private StoragePoolXmlCodec() {
    }

    /**
     * Parses pool XML as libvirt's pool-define does: a missing uuid gets a random one, a logical or zfs pool's
     * target is its {@code /dev} directory, a pool type with a source name defaults it and the pool's name to
     * each other, a source format to the type's default.
     */
    public static StoragePoolDefinition parse(String xml) {
        return StoragePoolXml.parse(xml);
    }

    /** The XML of a pool as {@code virsh pool-dumpxml} prints it (with its live sizes and free extents). */
    public static String format(StoragePoolDefinition def) {
        return StoragePoolXml.format(def, false);
    }

    /**
     * The config form: sizes 0, as a config libvirt parsed has them, and no free extents (a refresh's
     * findings). libvirt's {@code pool-dumpxml --inactive} prints the pending config of a running pool (one
     * redefined while it runs) this way, and the live definition ({@link #format}) when there is none: which
     * applies is the driver's choice.
     */
    public static String formatInactive(StoragePoolDefinition def) {
        return StoragePoolXml.format(def, true);
    }
}
