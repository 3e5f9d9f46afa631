package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.HostdevDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;
import java.util.Set;

/** {@code <hostdev>}: host PCI, USB, SCSI, SCSI-host and mediated devices, and a container's host devices. */
final class HostdevXml {

    /** The keys this codec reads, relative to {@code <hostdev>}. */
    static final List<String> MODELLED = List.of("@mode", "@type", "@managed", "@model", "@display", "@ramfb",
            "@rawio", "@sgio", "driver@name", "source@startupPolicy", "source@guestReset", "source@writeFiltering",
            "source@protocol", "source@wwpn", "source/address@domain", "source/address@bus", "source/address@slot",
            "source/address@function", "source/address@device", "source/address@target", "source/address@unit",
            "source/address@uuid", "source/vendor@id", "source/product@id", "source/adapter@name", "source/block",
            "source/char", "source/interface", "boot@order", "boot@loadparm", "readonly", "shareable", "rom@bar", "rom@file",
            "rom@enabled", "source/address@multifunction", "source/adapter@type", "source/adapter@parent",
            "source/adapter@managed", "source/adapter@parent_wwnn", "source/adapter@parent_wwpn",
            "source/adapter@parent_fabric_wwn", "source/adapter@wwnn", "source/adapter@wwpn",
            "source/adapter/parentaddr@unique_id", "source/adapter/parentaddr/address@domain",
            "source/adapter/parentaddr/address@bus", "source/adapter/parentaddr/address@slot",
            "source/adapter/parentaddr/address@function", "source/adapter/parentaddr/address@multifunction",
            "source@name", "source/host@name", "source/host@port", "source/auth@username",
            "source/auth/secret@type", "source/auth/secret@usage", "source/auth/secret@uuid",
            "source/initiator/iqn@name", "ip@address", "ip@family", "ip@prefix", "ip@peer", "route@family",
            "route@address", "route@netmask", "route@prefix", "route@gateway", "route@metric", "teaming@type",
            "teaming@persistent");

    private static final Set<String> SUBSYSTEM = Set.of("pci", "usb", "scsi", "scsi_host", "mdev");
    private static final Set<String> CAPABILITIES = Set.of("storage", "misc", "net");

    private HostdevXml() {
    }

    static HostdevDevice parse(XmlCursor h, boolean live) {
        String mode = h.attr("mode") == null ? "subsystem" : h.attr("mode");
        String type = h.attr("type");
        Set<String> types = switch (mode) {
            case "subsystem" -> SUBSYSTEM;
            case "capabilities" -> CAPABILITIES;
            default -> throw DomainErrors.xmlError("unknown hostdev mode '" + mode + "'");
        };
        if (type == null || !types.contains(type)) {
            throw DomainErrors.xmlError("unknown host device source address type '" + type + "'");
        }
        XmlCursor source = h.child("source");
        if (source == null) {
            throw DomainErrors.xmlError("Missing <source> element in hostdev device");
        }
        XmlCursor address = source.child("address");
        XmlCursor driver = h.child("driver");
        XmlCursor boot = h.child("boot");
        XmlCursor rom = h.child("rom");
        Integer bootOrder = boot == null ? null : DomainErrors.unsigned(boot, "order");
        if (boot != null && (bootOrder == null || bootOrder == 0)) {
            throw DomainErrors.xmlError("incorrect boot order '" + boot.attrOrEmpty("order")
                    + "', expecting positive integer");
        }
        DeviceAddress.Pci pci = type.equals("pci") && address != null ? new DeviceAddress.Pci(
                DeviceInfoXml.number(address, "domain", 0), DeviceInfoXml.number(address, "bus", 0),
                DeviceInfoXml.number(address, "slot", 0), DeviceInfoXml.number(address, "function", 0),
                DomainErrors.onOff(address, "multifunction")) : null;
        boolean usb = type.equals("usb");
        boolean scsi = type.equals("scsi");
        XmlCursor vendor = source.child("vendor");
        XmlCursor product = source.child("product");
        boolean iscsi = scsi && "iscsi".equals(source.attr("protocol"));
        XmlCursor adapter = scsi && !iscsi ? HostdevNetXml.adapter(source) : null;
        String capsPath = switch (type) {
            case "storage" -> source.childText("block");
            case "misc" -> source.childText("char");
            case "net" -> source.childText("interface");
            default -> null;
        };
        return new HostdevDevice(mode, type, DomainErrors.yesNoAttr(h, "managed"), h.attr("model"),
                DomainErrors.onOff(h, "display"), DomainErrors.onOff(h, "ramfb"), DomainErrors.yesNoAttr(h, "rawio"),
                h.attr("sgio"), driver == null ? null : driver.attr("name"), source.attr("startupPolicy"),
                source.attr("guestReset"), DomainErrors.yesNoAttr(source, "writeFiltering"), pci,
                // only a USB source has a vendor and product: libvirt reads them for no other type
                usb && vendor != null ? vendor.attr("id") : null, usb && product != null ? product.attr("id") : null,
                usb && address != null ? DeviceInfoXml.number(address, "bus", 0) : null,
                usb && address != null ? DeviceInfoXml.number(address, "device", 0) : null,
                adapter == null ? null : adapter.attr("name"),
                scsi && !iscsi && address != null ? DeviceInfoXml.number(address, "bus", 0) : null,
                scsi && !iscsi && address != null ? DeviceInfoXml.number(address, "target", 0) : null,
                scsi && !iscsi && address != null ? (long) DeviceInfoXml.number(address, "unit", 0) : null,
                source.attr("wwpn"), type.equals("mdev") && address != null ? address.attr("uuid") : null,
                capsPath == null ? null : capsPath.strip(), bootOrder, h.child("readonly") != null,
                h.child("shareable") != null, rom == null ? null : DomainErrors.onOff(rom, "bar"),
                rom == null ? null : rom.attr("file"), rom == null ? null : DomainErrors.yesNoAttr(rom, "enabled"),
                DeviceInfoXml.parse(h, live), iscsi ? HostdevNetXml.iscsi(source) : null,
                type.equals("net") ? HostdevNetXml.ips(h) : List.of(),
                type.equals("net") ? HostdevNetXml.routes(h) : List.of(), HostdevNetXml.teaming(h.child("teaming")),
                DeviceInfoXml.loadParm(boot));
    }

    static void write(XmlWriter w, HostdevDevice h, boolean live) {
        w.open("hostdev", "mode", h.mode(), "type", h.type(), "managed", DomainErrors.yesNo(h.managed()),
                "sgio", h.sgio(), "rawio", DomainErrors.yesNo(h.rawio()), "model", h.model(),
                "display", DomainErrors.onOff(h.display()), "ramfb", DomainErrors.onOff(h.ramfb()));
        if (h.driverName() != null) {
            w.empty("driver", "name", h.driverName());
        }
        writeSource(w, h);
        HostdevNetXml.writeIpsAndRoutes(w, h);
        if (h.teaming() != null) {
            w.empty("teaming", "type", h.teaming().type(), "persistent", h.teaming().persistent());
        }
        if (h.readonly()) {
            w.empty("readonly");
        }
        if (h.shareable()) {
            w.empty("shareable");
        }
        if (h.bootOrder() != null) {
            w.empty("boot", "order", h.bootOrder().toString(), "loadparm", h.bootLoadParm());
        }
        boolean alias = h.alias() != null && (live || h.info().hasUserAlias());
        if (alias) {
            w.empty("alias", "name", h.alias());
        }
        if (h.romBar() != null || h.romFile() != null || h.romEnabled() != null) {
            w.empty("rom", "enabled", DomainErrors.yesNo(h.romEnabled()), "bar", DomainErrors.onOff(h.romBar()),
                    "file", h.romFile());
        }
        DeviceInfoXml.write(w, h.info().withAlias(null), live);
        w.close("hostdev");
    }

    private static void writeSource(XmlWriter w, HostdevDevice h) {
        if (h.iscsi() != null) {
            HostdevNetXml.writeIscsi(w, h.iscsi());
            return;
        }
        String[] attrs = {"protocol", h.wwpn() != null ? "vhost" : null, "wwpn", h.wwpn(),
            "startupPolicy", h.startupPolicy(), "guestReset", h.guestReset(),
            "writeFiltering", DomainErrors.yesNo(h.writeFiltering())};
        if (h.type().equals("scsi_host")) {
            w.empty("source", attrs);
            return;
        }
        w.open("source", attrs);
        switch (h.type()) {
            case "pci" -> {
                if (h.pciAddress() != null) {
                    DeviceAddress.Pci p = h.pciAddress();
                    w.empty("address", "domain", String.format("0x%04x", p.domain()),
                            "bus", String.format("0x%02x", p.bus()), "slot", String.format("0x%02x", p.slot()),
                            "function", "0x" + p.function(), "multifunction", DomainErrors.onOff(p.multifunction()));
                }
            }
            case "usb" -> {
                if (h.usbVendor() != null) {
                    w.empty("vendor", "id", h.usbVendor());
                }
                if (h.usbProduct() != null) {
                    w.empty("product", "id", h.usbProduct());
                }
                if (h.usbBus() != null) {
                    w.empty("address", "bus", h.usbBus().toString(), "device", h.usbDevice().toString());
                }
            }
            case "scsi" -> {
                if (h.scsiAdapter() != null) {
                    w.empty("adapter", "name", h.scsiAdapter());
                }
                if (h.scsiBus() != null) {
                    w.empty("address", "bus", h.scsiBus().toString(), "target", h.scsiTarget().toString(),
                            "unit", h.scsiUnit().toString());
                }
            }
            case "mdev" -> w.empty("address", "uuid", h.mdevUuid());
            case "storage" -> w.text("block", h.capsPath());
            case "misc" -> w.text("char", h.capsPath());
            case "net" -> w.text("interface", h.capsPath());
            default -> throw new IllegalStateException(h.type());
        }
        w.close("source");
    }
}
