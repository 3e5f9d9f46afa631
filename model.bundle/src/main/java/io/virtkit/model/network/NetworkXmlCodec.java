package io.virtkit.model.network;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.network.NetworkXml;

/**
 * The codec for libvirt's network XML: parses it into a {@link NetworkDefinition} and writes a definition
 * back the way libvirt does (element order, two-space indentation, single-quoted attributes). Every element
 * and attribute of libvirt's network schema is kept; the work is done by one codec per element family in a
 * private package.
 *
 * <p>Parsing is secure: documents with a DTD are rejected, so no entity is ever expanded or fetched, and
 * addresses are read as numbers, never resolved. Errors are {@link VirtException}s with libvirt's code and
 * message from {@link ErrorDomain#NETWORK}; XML that is not well-formed gives {@link ErrorCode#XML_DETAIL}
 * with the line, as libvirt's {@code (network_definition):LINE: …}.
 */
public final class NetworkXmlCodec {

    private NetworkXmlCodec() {
    }

    /**
     * Parses libvirt network XML. A missing {@code <uuid>} gets a random one; a missing bridge name or
     * MAC stays {@code null} for the driver to fill in, as libvirt's network driver does.
     *
     * @throws VirtException {@link ErrorCode#XML_DETAIL} for XML that is not well-formed, else libvirt's code
     *                       for the offending element or attribute (mostly {@link ErrorCode#XML_ERROR})
     */
    public static NetworkDefinition parse(String xml) {
        return NetworkXml.parse(xml);
    }

    /** The XML of a definition, as {@code virsh net-dumpxml} prints it. */
    public static String format(NetworkDefinition def) {
        return NetworkXml.format(def);
    }
}
