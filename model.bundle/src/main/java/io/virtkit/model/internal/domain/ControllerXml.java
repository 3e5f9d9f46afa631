package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.ControllerSettings;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;

/**
 * {@code <controller>}: the bus a device sits on (type, index, model) with its settings (ports and vectors, the
 * PCI model name and target, the driver's queues and virtio options, a USB companion's master, the 64-bit PCI
 * hole); its identity through {@link DeviceInfoXml}.
 */
final class ControllerXml {

    /** The keys this codec reads, relative to {@code <controller>}. */
    static final List<String> MODELLED = List.of("@type", "@index", "@model", "@ports", "@vectors",
            "@maxGrantFrames", "@maxEventChannels", "model@name", "target@chassisNr", "target@chassis", "target@port",
            "target@busNr", "target@index", "target@hotplug", "target@memReserve", "target/node", "driver@queues",
            "driver@cmd_per_lun", "driver@max_sectors", "driver@ioeventfd", "driver@iothread", "driver@iommu",
            "driver@ats", "driver@packed", "driver@page_per_vq", "master@startport", "pcihole64@unit");

    private ControllerXml() {
    }

    static ControllerDevice parse(XmlCursor c, boolean live) {
        String type = c.attr("type");
        if (type == null || type.isEmpty()) {
            throw DomainErrors.xmlError("Missing required attribute 'type' in element 'controller'");
        }
        String indexText = c.attr("index");
        int index;
        try {
            index = indexText == null ? 0 : Integer.parseInt(indexText);
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0) {
            throw DomainErrors.xmlError("Cannot parse controller index " + indexText);
        }
        String model = c.attr("model");
        return new ControllerDevice(type, index, model == null || model.isEmpty() ? null : model,
                DeviceInfoXml.parse(c, live), settings(c));
    }

    private static ControllerSettings settings(XmlCursor c) {
        XmlCursor modelEl = c.child("model");
        XmlCursor t = c.child("target");
        XmlCursor d = c.child("driver");
        XmlCursor master = c.child("master");
        XmlCursor hole = c.child("pcihole64");
        Integer node = null;
        if (t != null && t.child("node") != null) {
            try {
                node = Integer.parseInt(t.childText("node").strip());
            } catch (NumberFormatException e) {
                throw DomainErrors.xmlError("Invalid value for element 'node' in controller target: '"
                        + t.childText("node") + "'");
            }
        }
        return new ControllerSettings(DomainErrors.unsigned(c, "ports"), DomainErrors.unsigned(c, "vectors"),
                DomainErrors.unsigned(c, "maxGrantFrames"), DomainErrors.unsigned(c, "maxEventChannels"),
                modelEl == null ? null : modelEl.attr("name"),
                t == null ? null : DomainErrors.unsigned(t, "chassisNr"),
                t == null ? null : DomainErrors.unsigned(t, "chassis"),
                t == null || !t.has("port") ? null : DeviceInfoXml.number(t, "port", 0),
                t == null ? null : DomainErrors.unsigned(t, "busNr"),
                t == null ? null : DomainErrors.unsigned(t, "index"),
                t == null ? null : DomainErrors.onOff(t, "hotplug"),
                t == null || !t.has("memReserve") ? null : Long.valueOf(DomainErrors.unsigned(t, "memReserve")),
                node, d == null ? null : DomainErrors.unsigned(d, "queues"),
                d == null ? null : DomainErrors.unsigned(d, "cmd_per_lun"),
                d == null ? null : DomainErrors.unsigned(d, "max_sectors"),
                d == null ? null : DomainErrors.onOff(d, "ioeventfd"),
                d == null ? null : DomainErrors.unsigned(d, "iothread"),
                d == null ? null : DomainErrors.onOff(d, "iommu"), d == null ? null : DomainErrors.onOff(d, "ats"),
                d == null ? null : DomainErrors.onOff(d, "packed"),
                d == null ? null : DomainErrors.onOff(d, "page_per_vq"),
                master == null ? null : DomainErrors.unsigned(master, "startport"),
                hole == null ? null : MemoryXml.parse(hole, "pcihole64"));
    }

    static void write(XmlWriter w, ControllerDevice c, boolean live) {
        ControllerSettings s = c.settings();
        String[] attrs = {"type", c.type(), "index", Integer.toString(c.index()), "model", c.model(),
            "ports", DomainErrors.text(s.ports()), "vectors", DomainErrors.text(s.vectors()),
            "maxGrantFrames", DomainErrors.text(s.maxGrantFrames()),
            "maxEventChannels", DomainErrors.text(s.maxEventChannels())};
        boolean alias = c.alias() != null && (live || c.info().hasUserAlias());
        if (!alias && c.address() == null && !s.hasChildren()) {
            w.empty("controller", attrs);
            return;
        }
        w.open("controller", attrs);
        if (s.modelName() != null) {
            w.empty("model", "name", s.modelName());
        }
        if (s.hasTarget()) {
            String[] target = {"chassisNr", DomainErrors.text(s.chassisNr()), "chassis", DomainErrors.text(s.chassis()),
                "port", s.port() == null ? null : "0x" + Integer.toHexString(s.port()),
                "busNr", DomainErrors.text(s.busNr()), "index", DomainErrors.text(s.targetIndex()),
                "hotplug", DomainErrors.onOff(s.hotplug()),
                "memReserve", s.memReserve() == null ? null : s.memReserve().toString()};
            if (s.numaNode() == null) {
                w.empty("target", target);
            } else {
                w.open("target", target);
                w.text("node", s.numaNode().toString());
                w.close("target");
            }
        }
        if (s.hasDriver()) {
            w.empty("driver", "queues", DomainErrors.text(s.queues()), "cmd_per_lun", DomainErrors.text(s.cmdPerLun()),
                    "max_sectors", DomainErrors.text(s.maxSectors()), "ioeventfd", DomainErrors.onOff(s.ioeventfd()),
                    "iothread", DomainErrors.text(s.iothread()), "iommu", DomainErrors.onOff(s.iommu()),
                    "ats", DomainErrors.onOff(s.ats()), "packed", DomainErrors.onOff(s.packed()),
                    "page_per_vq", DomainErrors.onOff(s.pagePerVq()));
        }
        if (alias) {
            w.empty("alias", "name", c.alias());
        }
        if (s.masterStartPort() != null) {
            w.empty("master", "startport", s.masterStartPort().toString());
        }
        DeviceInfoXml.write(w, c.info().withAlias(null), live);
        if (s.pciHole64KiB() != null) {
            w.text("pcihole64", s.pciHole64KiB().toString(), "unit", "KiB");
        }
        w.close("controller");
    }
}
