package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.model.internal.domain.DomainXml;
import io.virtkit.model.internal.domain.InterfaceXml;
import io.virtkit.model.internal.domain.MemoryXml;
import io.virtkit.model.internal.xml.SecureXml;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The entry point to libvirt's domain XML: parses it into a {@link DomainDefinition} and writes a definition
 * back the way libvirt does (element order, two-space indentation, single-quoted attributes). The work is done
 * by one small codec per element family in a private package (see this package's documentation).
 *
 * <p>Parsing is secure: documents with a DTD are rejected, so no entity is ever expanded or fetched. Nothing
 * valid is dropped without a word: an element or attribute Virtkit does not model is either listed as not yet
 * modelled (dropped, and on the to-do list) or refused with {@link ErrorCode#CONFIG_UNSUPPORTED} naming it.
 * Errors are {@link VirtException}s with libvirt's code and message, from {@link ErrorDomain#DOMAIN}; XML that
 * is not well-formed gives {@link ErrorCode#XML_DETAIL} with the line, as libvirt's
 * {@code (domain_definition):LINE: …}.
 */
public final class DomainXmlCodec {

    /** Feature elements without content Virtkit models, in the order libvirt writes them. */
    public static final List<String> FEATURES = List.of("acpi", "apic", "pae", "hap", "viridian", "privnet",
            "pvspinlock", "pmu", "vmport", "smm", "vmcoreinfo", "htm", "nested-hv", "ccf-assist");

    /** The {@code <cpu mode>} values libvirt knows. */
    public static final List<String> CPU_MODES = List.of("custom", "host-model", "host-passthrough", "maximum");

    /** The OS types libvirt knows. */
    public static final List<String> OS_TYPES = List.of("hvm", "xen", "linux", "xenpvh", "exe", "uml");

    /** The largest memory size libvirt accepts, in KiB (its "unlimited" marker is one above). */
    public static final long MAX_MEMORY_KIB = (1L << 53) - 1;

    private DomainXmlCodec() {
    }

    /**
     * Parses libvirt domain XML as a definition (what define and the persistent config files need): as
     * libvirt's inactive parse, device addresses are kept, user aliases ({@code ua-…}) are kept, and every
     * other alias is dropped, since those are the driver's names in a running hypervisor. A missing
     * {@code <uuid>} gets a random one, a missing {@code <mac>} a random {@code 52:54:00} address (as
     * libvirt does).
     *
     * @throws VirtException {@link ErrorCode#XML_DETAIL} for XML that is not well-formed, else libvirt's code
     *                       for the offending element or attribute (mostly {@link ErrorCode#XML_ERROR});
     *                       {@link ErrorCode#CONFIG_UNSUPPORTED} for a user alias given to two devices, or
     *                       for an element or attribute that is neither modelled nor listed as not yet
     *                       modelled
     */
    public static DomainDefinition parse(String xml) {
        return DomainXml.parse(xml, false);
    }

    /**
     * Parses the XML of a running domain (a status file written with {@link #formatLive}, or a live XML):
     * as {@link #parse(String)}, but every device alias is kept, so a driver reconnecting to a guest knows
     * its devices by the names the hypervisor has for them.
     */
    public static DomainDefinition parseLive(String xml) {
        return DomainXml.parse(xml, true);
    }

    static UUID parseUuidText(String text) {
        return SecureXml.parseUuid(text);
    }

    /**
     * Converts {@code value} in {@code unit} to KiB as libvirt does: {@code b}/{@code bytes}; {@code k},
     * {@code KiB} (1024) and {@code KB} (1000); likewise M, G, T, P, E; case is ignored.
     *
     * @throws VirtException {@link ErrorCode#INVALID_ARG} for an unknown unit, {@link ErrorCode#OVERFLOW} above {@link #MAX_MEMORY_KIB}
     */
    public static long scaleToKiB(long value, String unit) {
        return MemoryXml.scaleToKiB(value, unit);
    }

    /**
     * Validates a MAC address as libvirt does and returns it in canonical form (lower case, two digits per
     * byte).
     *
     * @throws VirtException {@link ErrorCode#XML_ERROR} when it is malformed or not a unicast address
     */
    public static String normalizeMac(String mac) {
        return InterfaceXml.normalizeMac(mac);
    }

    /**
     * The persistent (inactive) XML of a definition, without secrets: device addresses and user aliases,
     * never the driver's aliases (those show in {@link #formatLive}).
     */
    public static String format(DomainDefinition def) {
        return DomainXml.write(def, -1, false);
    }

    /**
     * The persistent XML of a definition; {@link XmlFlag#SECURE} also writes secrets such as VNC passwords.
     * ({@link XmlFlag#INACTIVE} changes nothing here: this is always the persistent form.)
     */
    public static String format(DomainDefinition def, XmlFlag... flags) {
        return DomainXml.write(def, -1, secure(flags));
    }

    /**
     * The live XML of a running domain: as {@link #format(DomainDefinition)} plus {@code id='N'} and every
     * device alias. Read it back with {@link #parseLive(String)}.
     */
    public static String formatLive(DomainDefinition def, int id) {
        return DomainXml.write(def, id, false);
    }

    /** The live XML of a running domain; {@link XmlFlag#SECURE} also writes secrets. */
    public static String formatLive(DomainDefinition def, int id, XmlFlag... flags) {
        return DomainXml.write(def, id, secure(flags));
    }

    private static boolean secure(XmlFlag... flags) {
        return Arrays.asList(flags).contains(XmlFlag.SECURE);
    }
}
