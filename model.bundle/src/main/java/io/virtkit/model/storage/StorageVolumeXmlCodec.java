package io.virtkit.model.storage;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.storage.StorageVolumeXml;

/**
 * The codec for libvirt's storage volume XML: parses it into a {@link StorageVolumeDefinition} and writes it
 * back the way libvirt does. Every element and attribute of libvirt's {@code storagevol.rng} is kept or
 * refused, never dropped. A volume's format is checked against every format the schema knows; which ones a
 * pool takes is its driver's check.
 *
 * <p>Parsing is secure (no DTDs). Errors are {@link VirtException}s with libvirt's code and message from
 * {@link ErrorDomain#STORAGE}; XML that is not well-formed gives {@link ErrorCode#XML_DETAIL}
 * ({@code (storage_volume_definition):LINE: …}).
 */
public final class StorageVolumeXmlCodec {

    private StorageVolumeXmlCodec() {
    }

    /** Parses volume XML as libvirt's vol-create does: capacity is required, allocation defaults to it. */
    public static StorageVolumeDefinition parse(String xml) {
        return StorageVolumeXml.parse(xml, true);
    }

    /**
     * Parses volume XML whose capacity may be missing (0 then), as libvirt's vol-create-from and a volume
     * over a backing store allow.
     */
    public static StorageVolumeDefinition parseWithoutCapacity(String xml) {
        return StorageVolumeXml.parse(xml, false);
    }

    /** The XML of a volume as {@code virsh vol-dumpxml} prints it; sizes in bytes. */
    public static String format(StorageVolumeDefinition def) {
        return StorageVolumeXml.format(def);
    }
}
