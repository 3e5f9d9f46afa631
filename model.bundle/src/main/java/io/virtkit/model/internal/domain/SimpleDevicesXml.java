package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.IommuDevice;
import io.virtkit.model.domain.PanicDevice;
import io.virtkit.model.domain.VsockDevice;
import io.virtkit.model.domain.WatchdogDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;
import java.util.Set;

/**
 * The small devices with a model and a setting or two: {@code <watchdog>}, {@code <panic>}, {@code <vsock>},
 * {@code <iommu>} and {@code <nvram>} (an address only).
 */
final class SimpleDevicesXml {

    /** The keys read for {@code <watchdog>}. */
    static final List<String> WATCHDOG = List.of("@model", "@action");
    /** The keys read for {@code <panic>}. */
    static final List<String> PANIC = List.of("@model");
    /** The keys read for {@code <vsock>}. */
    static final List<String> VSOCK = List.of("@model", "cid@auto", "cid@address", "driver@iommu", "driver@ats",
            "driver@packed", "driver@page_per_vq");

    /** The keys read for {@code <iommu>}. */
    static final List<String> IOMMU = List.of("@model", "driver@intremap", "driver@caching_mode", "driver@eim",
            "driver@iotlb", "driver@aw_bits");
    /** The keys read for {@code <nvram>} (besides its address). */
    static final List<String> NVRAM = List.of();

    private static final Set<String> WATCHDOG_MODELS = Set.of("i6300esb", "ib700", "diag288", "itco");
    private static final Set<String> ACTIONS = Set.of("reset", "shutdown", "poweroff", "pause", "none", "dump",
            "inject-nmi");
    private static final Set<String> PANIC_MODELS = Set.of("isa", "pseries", "hyperv", "s390", "pvpanic");
    private static final Set<String> VSOCK_MODELS = Set.of("virtio", "virtio-transitional",
            "virtio-non-transitional");

    private SimpleDevicesXml() {
    }

    static WatchdogDevice parseWatchdog(XmlCursor e) {
        String model = e.attr("model");
        if (model == null) {
            throw DomainErrors.xmlError("watchdog must contain model name");
        }
        if (!WATCHDOG_MODELS.contains(model)) {
            throw DomainErrors.xmlError("unknown watchdog model '" + model + "'");
        }
        String action = e.attr("action") == null ? "reset" : e.attr("action");
        if (!ACTIONS.contains(action)) {
            throw DomainErrors.xmlError("unknown watchdog action '" + action + "'");
        }
        return new WatchdogDevice(model, action, null);
    }

    static void write(XmlWriter w, WatchdogDevice d, boolean live) {
        element(w, "watchdog", d.info(), live, "model", d.model(), "action", d.action());
    }

    static PanicDevice parsePanic(XmlCursor e) {
        String model = e.attr("model");
        if (model != null && !PANIC_MODELS.contains(model)) {
            throw DomainErrors.xmlError("unknown panic model '" + model + "'");
        }
        return new PanicDevice(model, null);
    }

    static void write(XmlWriter w, PanicDevice d, boolean live) {
        element(w, "panic", d.info(), live, "model", d.model());
    }

    static VsockDevice parseVsock(XmlCursor e) {
        String model = e.attr("model");
        if (model != null && !VSOCK_MODELS.contains(model)) {
            throw DomainErrors.xmlError("unknown vsock model '" + model + "'");
        }
        XmlCursor cid = e.child("cid");
        String auto = null;
        Integer address = null;
        if (cid != null) {
            if (cid.attr("auto") != null) {
                auto = DomainErrors.yesNo(cid.attr("auto"), "auto", "cid") ? "yes" : "no";
            }
            if (cid.attr("address") != null) {
                try {
                    address = Integer.parseUnsignedInt(cid.attr("address"));
                } catch (NumberFormatException ex) {
                    throw DomainErrors.xmlError("'cid' attribute must be a positive number: "
                            + cid.attr("address"));
                }
                if (address < 3) {
                    throw DomainErrors.xmlError("guest CID must be >= 3");
                }
            }
        }
        return new VsockDevice(model, auto, address, null, DeviceAttrs.virtio(e.child("driver")));
    }

    static void write(XmlWriter w, VsockDevice d, boolean live) {
        w.open("vsock", "model", d.model());
        if (d.cidAuto() != null || d.cid() != null) {
            w.empty("cid", "auto", d.cidAuto(), "address", d.cid() == null ? null : d.cid().toString());
        }
        DeviceInfoXml.write(w, d.info(), live);
        if (!d.virtio().isEmpty()) {
            w.empty("driver", DeviceAttrs.virtioAttrs(d.virtio())); // after the address, as libvirt writes it
        }
        w.close("vsock");
    }

    static IommuDevice parseIommu(XmlCursor e) {
        String model = e.attr("model");
        if (model == null || !Set.of("intel", "smmuv3", "virtio").contains(model)) {
            throw DomainErrors.xmlError("unknown IOMMU model '" + model + "'");
        }
        XmlCursor d = e.child("driver");
        Integer awBits = null;
        if (d != null && d.attr("aw_bits") != null) {
            try {
                awBits = Integer.parseUnsignedInt(d.attr("aw_bits"));
            } catch (NumberFormatException ex) {
                throw DomainErrors.xmlError("Invalid aw_bits value: " + d.attr("aw_bits"));
            }
        }
        if (d == null) {
            return new IommuDevice(model, null, null, null, null, null, null);
        }
        return new IommuDevice(model, DomainErrors.onOffValue(d, "intremap"), DomainErrors.onOffValue(d, "caching_mode"),
                DomainErrors.onOffValue(d, "eim"), DomainErrors.onOffValue(d, "iotlb"), awBits, null);
    }

    static void write(XmlWriter w, IommuDevice d, boolean live) {
        w.open("iommu", "model", d.model());
        if (d.intremap() != null || d.cachingMode() != null || d.eim() != null || d.iotlb() != null
                || d.awBits() != null) {
            w.empty("driver", "intremap", d.intremap(), "caching_mode", d.cachingMode(), "eim", d.eim(),
                    "iotlb", d.iotlb(), "aw_bits", d.awBits() == null ? null : d.awBits().toString());
        }
        DeviceInfoXml.write(w, d.info(), live);
        w.close("iommu");
    }

    static void writeNvram(XmlWriter w, io.virtkit.model.domain.DeviceInfo info, boolean live) {
        element(w, "nvram", info, live);
    }

    private static void element(XmlWriter w, String name, io.virtkit.model.domain.DeviceInfo info, boolean live,
            String... attrs) {
        XmlWriter inner = new XmlWriter();
        DeviceInfoXml.write(inner, info, live);
        if (inner.toString().isEmpty()) {
            w.empty(name, attrs);
            return;
        }
        w.open(name, attrs);
        DeviceInfoXml.write(w, info, live);
        w.close(name);
    }
}
