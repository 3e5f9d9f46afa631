package io.virtkit.model.internal.domain;

import io.virtkit.api.ErrorDomain;
import io.virtkit.model.domain.InterfaceSettings;
import io.virtkit.model.domain.InterfaceSource;
import io.virtkit.model.internal.netcommon.BandwidthXml;
import io.virtkit.model.internal.netcommon.PortOptionsXml;
import io.virtkit.model.internal.netcommon.VirtualPortXml;
import io.virtkit.model.internal.netcommon.VlanXml;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of {@code <interface>} beyond {@link InterfaceXml}'s: VLAN, virtual port, bandwidth and port
 * options (through the codecs shared with network XML), back-end domain, filter reference, tuning, teaming,
 * link state, coalescing and ROM. Written in two parts at libvirt's places: before the target and after the
 * model.
 */
final class InterfaceSettingsXml {

    /** The keys this codec reads, relative to {@code <interface>}. */
    static final List<String> MODELLED = List.of("vlan", "vlan@trunk", "vlan/tag", "vlan/tag@id",
            "vlan/tag@nativeMode", "virtualport", "virtualport@type", "virtualport/parameters",
            "virtualport/parameters@managerid", "virtualport/parameters@typeid",
            "virtualport/parameters@typeidversion", "virtualport/parameters@instanceid",
            "virtualport/parameters@profileid", "virtualport/parameters@interfaceid", "bandwidth",
            "bandwidth/inbound", "bandwidth/inbound@average", "bandwidth/inbound@peak", "bandwidth/inbound@burst",
            "bandwidth/inbound@floor", "bandwidth/outbound", "bandwidth/outbound@average",
            "bandwidth/outbound@peak", "bandwidth/outbound@burst", "bandwidth/outbound@floor", "bandwidth@classID",
            "port", "port@isolated", "backenddomain",
            "backenddomain@name", "filterref", "filterref@filter", "filterref/parameter",
            "filterref/parameter@name", "filterref/parameter@value", "tune", "tune/sndbuf", "teaming",
            "teaming@type", "teaming@persistent", "link", "link@state", "coalesce", "coalesce/rx",
            "coalesce/rx/frames", "coalesce/rx/frames@max", "rom", "rom@enabled", "rom@bar", "rom@file", "boot",
            "boot@order", "boot@loadparm");

    private static final ErrorDomain D = ErrorDomain.DOMAIN;

    private InterfaceSettingsXml() {
    }

    static InterfaceSettings parse(XmlCursor i, InterfaceSource source, InterfaceSettings.HostSide host) {
        XmlCursor vlan = i.child("vlan");
        XmlCursor vport = i.child("virtualport");
        XmlCursor bandwidth = i.child("bandwidth");
        XmlCursor port = i.child("port");
        XmlCursor backend = i.child("backenddomain");
        XmlCursor tune = i.child("tune");
        XmlCursor teaming = i.child("teaming");
        XmlCursor link = i.child("link");
        XmlCursor coalesce = i.child("coalesce");
        XmlCursor rx = coalesce == null ? null : coalesce.child("rx");
        XmlCursor frames = rx == null ? null : rx.child("frames");
        XmlCursor rom = i.child("rom");
        Integer sndbuf = null;
        if (tune != null && tune.child("sndbuf") != null) {
            try {
                sndbuf = Integer.parseUnsignedInt(tune.childText("sndbuf").trim());
            } catch (NumberFormatException e) {
                throw DomainErrors.xmlError("Invalid value for sndbuf");
            }
        }
        InterfaceSettings.Teaming team = null;
        if (teaming != null) {
            String type = DeviceAttrs.required(teaming, "type", "persistent", "transient");
            String persistent = teaming.attr("persistent");
            if (type.equals("transient") && persistent == null) {
                throw DomainErrors.xmlError("teaming type='transient' requires a 'persistent' attribute");
            }
            team = new InterfaceSettings.Teaming(type, type.equals("transient") ? persistent : null);
        }
        return new InterfaceSettings(vlan == null ? null : VlanXml.parse(vlan.element(), D),
                vport == null ? null : VirtualPortXml.parse(vport.element(), false, D),
                bandwidth == null ? null : BandwidthXml.parse(bandwidth.element(), true, D),
                port == null ? null : PortOptionsXml.parse(port.element(), D),
                backend == null ? null : backend.attr("name"), filterRef(i.child("filterref")), sndbuf, team,
                link == null ? null : DeviceAttrs.oneOf(link, "state", "up", "down"),
                frames == null ? null : DeviceAttrs.uint(frames, "max"),
                rom == null ? null : new InterfaceSettings.Rom(DeviceAttrs.yesNo(rom, "enabled"),
                        DeviceAttrs.onOff(rom, "bar"), rom.attr("file")), source, host,
                InterfaceDriverXml.parse(i), InterfaceIpXml.ips(i), InterfaceIpXml.routes(i),
                InterfaceIpXml.portForwards(i), bootOrder(i.child("boot")), DeviceInfoXml.loadParm(i.child("boot")));
    }

    private static Integer bootOrder(XmlCursor boot) {
        if (boot == null) {
            return null;
        }
        Integer order = DomainErrors.unsigned(boot, "order");
        if (order == null || order == 0) {
            throw DomainErrors.xmlError("incorrect boot order '" + boot.attrOrEmpty("order")
                    + "', expecting positive integer");
        }
        return order;
    }

    private static InterfaceSettings.FilterRef filterRef(XmlCursor f) {
        if (f == null) {
            return null;
        }
        String filter = f.attr("filter");
        if (filter == null) {
            throw DomainErrors.xmlError("Missing filter name in filterref");
        }
        List<InterfaceSettings.Parameter> parameters = new ArrayList<>();
        for (XmlCursor p : f.children("parameter")) {
            parameters.add(new InterfaceSettings.Parameter(p.attr("name"), p.attr("value")));
        }
        return new InterfaceSettings.FilterRef(filter, parameters);
    }

    /** What libvirt writes after the source and before the target. */
    static void writeBeforeTarget(XmlWriter w, InterfaceSettings s) {
        if (s.vlan() != null) {
            VlanXml.write(w, s.vlan());
        }
        if (s.virtualPort() != null) {
            VirtualPortXml.write(w, s.virtualPort());
        }
        if (s.bandwidth() != null) {
            BandwidthXml.write(w, s.bandwidth());
        }
        if (s.port() != null) {
            PortOptionsXml.write(w, s.port());
        }
        InterfaceIpXml.writeIps(w, s.ips(), s.routes());
        InterfaceIpXml.writePortForwards(w, s.portForwards());
        InterfaceSettings.HostSide h = s.host();
        if (h.script() != null) {
            w.empty("script", "path", h.script());
        }
        if (h.downscript() != null) {
            w.empty("downscript", "path", h.downscript());
        }
        if (s.backendDomain() != null) {
            w.empty("backenddomain", "name", s.backendDomain());
        }
    }

    /** What libvirt writes after the model, up to the MTU ({@link #writeAfterMtu} follows it). */
    static void writeAfterModel(XmlWriter w, InterfaceSettings s) {
        InterfaceSettings.FilterRef f = s.filterRef();
        if (f != null && f.parameters().isEmpty()) {
            w.empty("filterref", "filter", f.filter());
        } else if (f != null) {
            w.open("filterref", "filter", f.filter());
            for (InterfaceSettings.Parameter p : f.parameters()) {
                w.empty("parameter", "name", p.name(), "value", p.value());
            }
            w.close("filterref");
        }
        if (s.sndbuf() != null) {
            w.open("tune");
            w.text("sndbuf", Integer.toUnsignedString(s.sndbuf()));
            w.close("tune");
        }
        if (s.teaming() != null) {
            w.empty("teaming", "type", s.teaming().type(), "persistent", s.teaming().persistent());
        }
        if (s.linkState() != null) {
            w.empty("link", "state", s.linkState());
        }
    }

    /** What libvirt writes after the MTU. */
    static void writeAfterMtu(XmlWriter w, InterfaceSettings s) {
        if (s.rxFramesMax() != null) {
            w.open("coalesce");
            w.open("rx");
            w.empty("frames", "max", DeviceAttrs.num(s.rxFramesMax()));
            w.close("rx");
            w.close("coalesce");
        }
        InterfaceSettings.Rom r = s.rom();
        if (r != null) {
            w.empty("rom", "enabled", DeviceAttrs.yesNo(r.enabled()), "bar", DeviceAttrs.onOff(r.bar()),
                    "file", r.file());
        }
        if (s.bootOrder() != null) {
            w.empty("boot", "order", s.bootOrder().toString(), "loadparm", s.bootLoadParm());
        }
    }
}
