package io.virtkit.model.snapshot;

import io.virtkit.api.DomainSnapshotXmlFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.snapshot.SnapshotXml;

/**
 * The codec for libvirt's domain snapshot XML: parses what a client gives to take or to redefine a snapshot into a
 * {@link SnapshotDefinition}, and writes a definition back as libvirt's {@code snapshot-dumpxml} does (element
 * order, two-space indentation, the kept domain nested).
 *
 * <p>Parsing is secure (no DTDs). What no codec models is refused with {@link ErrorCode#CONFIG_UNSUPPORTED}; errors
 * are {@link VirtException}s with libvirt's code and message from {@link ErrorDomain#DOMAIN_SNAPSHOT}, XML that is
 * not well-formed gives {@link ErrorCode#XML_DETAIL} ({@code (domain_snapshot):LINE: …}).
 */
public final class SnapshotXmlCodec {

    private SnapshotXmlCodec() {
    }

    /**
     * Parses the XML a client gives to take a snapshot, as libvirt without REDEFINE: only name, description, memory
     * and disks are read (state, creation time, parent and domain are the driver's to fill); a missing name becomes
     * {@code nowSeconds} in decimal, the creation time is {@code nowSeconds}. Empty XML means
     * {@code <domainsnapshot/>}.
     */
    public static SnapshotDefinition parseForCreate(String xml, long nowSeconds) {
        return SnapshotXml.parse(xml, false, nowSeconds);
    }

    /**
     * Parses full snapshot XML to define a snapshot's metadata (libvirt's REDEFINE): name, state and creation time are
     * required, parent and domain are read.
     *
     * @throws VirtException {@link ErrorCode#XML_ERROR} "a redefined snapshot must have a name", "missing state from
     *         existing snapshot", "missing creationTime from existing snapshot"
     */
    public static SnapshotDefinition parseForRedefine(String xml) {
        return SnapshotXml.parse(xml, true, 0);
    }

    /** The XML of a snapshot as {@code virsh snapshot-dumpxml} prints it; SECURE keeps the domain's secrets. */
    public static String format(SnapshotDefinition def, DomainSnapshotXmlFlag... flags) {
        boolean secure = false;
        for (DomainSnapshotXmlFlag f : flags) {
            secure |= f == DomainSnapshotXmlFlag.SECURE;
        }
        return SnapshotXml.format(def, secure);
    }
}
