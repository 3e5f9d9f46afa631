package io.virtkit.model.internal.storage;

import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.storage.AdapterParentAddress;
import io.virtkit.model.storage.SourceAdapter;
import io.virtkit.model.storage.SourceAdapter.Kind;
import java.util.List;

/** A scsi pool source's {@code <adapter>}: scsi_host by name or parent PCI address, or fc_host (vHBA). */
final class AdapterXml {
    static final List<String> MODELLED = List.of("adapter@type", "adapter@name", "adapter@parent",
            "adapter@managed", "adapter@parent_wwnn", "adapter@parent_wwpn", "adapter@parent_fabric_wwn",
            "adapter@wwnn", "adapter@wwpn", "adapter/parentaddr@unique_id", "adapter/parentaddr/address@domain",
            "adapter/parentaddr/address@bus", "adapter/parentaddr/address@slot",
            "adapter/parentaddr/address@function");
    private static final List<String> FC_ONLY = List.of("parent", "managed", "parent_wwnn", "parent_wwpn",
            "parent_fabric_wwn", "wwnn", "wwpn");

    private AdapterXml() {
    }

    static SourceAdapter parse(XmlCursor a) {
        String type = StorageErrors.choice(a, "type", List.of("scsi_host", "fc_host"));
        if (type == null && (a.has("wwnn") || a.has("wwpn") || a.has("parent"))) {
            throw StorageErrors.xmlError("Use of 'wwnn', 'wwpn', and 'parent' attributes requires use of the"
                    + " adapter 'type'");
        }
        if ("fc_host".equals(type)) {
            return fcHost(a);
        }
        for (String attribute : FC_ONLY) {
            refuse(a, attribute, a.has(attribute));
        }
        XmlCursor parentaddr = a.child("parentaddr");
        String name = a.attr("name");
        if (name == null && parentaddr == null) {
            throw StorageErrors.xmlError("Either 'name' or 'parent' must be specified for the 'scsi_host' adapter");
        }
        if (name != null && parentaddr != null) {
            throw StorageErrors.xmlError("Both 'name' and 'parent' cannot be specified for the 'scsi_host' adapter");
        }
        AdapterParentAddress address = null;
        if (parentaddr != null) {
            Long uniqueId = parentaddr.has("unique_id") ? unsignedOrNull(parentaddr) : null;
            XmlCursor pci = parentaddr.child("address");
            if (uniqueId == null || pci == null) {
                throw StorageErrors.xmlError("Missing or invalid scsi adapter 'unique_id' value");
            }
            address = new AdapterParentAddress(uniqueId.intValue(), pciPart(pci, "domain", 0xFFFF, "0xFFFF"),
                    pciPart(pci, "bus", 0xFF, "0xFF"), pciPart(pci, "slot", 0x1F, "0x1F"),
                    pciPart(pci, "function", 7, "7"));
        }
        return new SourceAdapter(Kind.SCSI_HOST, name, address, null, null, null, null, null, null, null);
    }

    private static Long unsignedOrNull(XmlCursor parentaddr) {
        try {
            return StorageErrors.unsigned(parentaddr, "unique_id", false, Integer.MAX_VALUE);
        } catch (io.virtkit.api.VirtException e) {
            return null;
        }
    }

    private static SourceAdapter fcHost(XmlCursor a) {
        refuse(a, "name", a.has("name"));
        refuse(a, "parentaddr", a.child("parentaddr") != null);
        String wwnn = a.attr("wwnn");
        String wwpn = a.attr("wwpn");
        if (wwnn == null || wwpn == null) {
            throw StorageErrors.xmlError("'wwnn' and 'wwpn' must be specified for adapter type 'fchost'");
        }
        for (String attribute : List.of("parent_wwnn", "parent_wwpn", "parent_fabric_wwn", "wwnn", "wwpn")) {
            String wwn = a.attr(attribute);
            if (wwn != null && !wwn.matches("(0x)?[0-9a-fA-F]{16}")) {
                throw new io.virtkit.api.VirtException(io.virtkit.api.ErrorCode.INTERNAL_ERROR, StorageErrors.D,
                        "Malformed wwn: " + wwn);
            }
        }
        return new SourceAdapter(Kind.FC_HOST, null, null, a.attr("parent"), StorageErrors.yesNo(a, "managed"),
                a.attr("parent_wwnn"), a.attr("parent_wwpn"), a.attr("parent_fabric_wwn"), wwnn, wwpn);
    }

    /** What libvirt would ignore for this adapter type is refused rather than dropped. */
    private static void refuse(XmlCursor a, String what, boolean present) {
        if (present) {
            throw StorageErrors.unsupported("'" + what + "' of element 'pool/source/adapter' is not supported"
                    + " for this adapter type");
        }
    }

    private static int pciPart(XmlCursor pci, String attribute, int max, String maxText) {
        Long v = StorageErrors.unsigned(pci, attribute, true, 0xFFFFFFFFL);
        if (v == null) {
            return 0;
        }
        if (v > max) {
            throw StorageErrors.xmlError("Invalid PCI address " + attribute + "='0x" + Long.toHexString(v)
                    + "', must be <= " + maxText);
        }
        return v.intValue();
    }

    static void write(XmlWriter w, SourceAdapter a) {
        if (a.kind() == Kind.FC_HOST) {
            w.empty("adapter", "type", "fc_host", "parent", a.parent(), "parent_wwnn", a.parentWwnn(),
                    "parent_wwpn", a.parentWwpn(), "parent_fabric_wwn", a.parentFabricWwn(), "managed",
                    StorageErrors.yesNo(a.managed()), "wwnn", a.wwnn(), "wwpn", a.wwpn());
            return;
        }
        AdapterParentAddress p = a.parentAddress();
        if (p == null) {
            w.empty("adapter", "type", "scsi_host", "name", a.name());
            return;
        }
        w.open("adapter", "type", "scsi_host");
        w.open("parentaddr", "unique_id", p.uniqueId() == null ? null : p.uniqueId().toString());
        w.empty("address", "domain", String.format("0x%04x", p.domain()), "bus", String.format("0x%02x", p.bus()),
                "slot", String.format("0x%02x", p.slot()), "function", "0x" + p.function());
        w.close("parentaddr");
        w.close("adapter");
    }
}
