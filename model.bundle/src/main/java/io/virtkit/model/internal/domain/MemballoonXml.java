package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.MemballoonDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** {@code <memballoon>}: model, autodeflate, free page reporting, the statistics period and virtio options. */
final class MemballoonXml {

    /** The keys this codec reads, relative to {@code <memballoon>}. */
    static final List<String> MODELLED = Stream.concat(Stream.of("@model", "@autodeflate",
            "@freePageReporting", "stats@period"), DeviceAttrs.VIRTIO_KEYS.stream().map(k -> "driver" + k)).toList();

    private static final Set<String> MODELS = Set.of("virtio", "xen", "none", "virtio-transitional",
            "virtio-non-transitional");

    private MemballoonXml() {
    }

    static MemballoonDevice parse(XmlCursor m) {
        String model = m.attr("model");
        if (model == null) {
            throw DomainErrors.xmlError("balloon memory model must be specified");
        }
        if (!MODELS.contains(model)) {
            throw DomainErrors.xmlError("unknown memory balloon model '" + model + "'");
        }
        XmlCursor stats = m.child("stats");
        Integer period = null;
        if (stats != null && stats.attr("period") != null) {
            try {
                period = Integer.parseInt(stats.attr("period"));
            } catch (NumberFormatException e) {
                throw DomainErrors.xmlError("invalid statistics collection period '" + stats.attr("period") + "'");
            }
        }
        return new MemballoonDevice(model, DomainErrors.onOffValue(m, "autodeflate"),
                DomainErrors.onOffValue(m, "freePageReporting"), period, null,
                DeviceAttrs.virtio(m.child("driver")));
    }

    static void write(XmlWriter w, MemballoonDevice m, boolean live) {
        String[] attrs = {"model", m.model(), "autodeflate", m.autodeflate(), "freePageReporting",
            m.freePageReporting()};
        XmlWriter info = new XmlWriter();
        DeviceInfoXml.write(info, m.info(), live);
        if (m.statsPeriod() == null && info.toString().isEmpty() && m.virtio().isEmpty()) {
            w.empty("memballoon", attrs);
            return;
        }
        w.open("memballoon", attrs);
        if (m.statsPeriod() != null) {
            w.empty("stats", "period", m.statsPeriod().toString());
        }
        DeviceInfoXml.write(w, m.info(), live);
        if (!m.virtio().isEmpty()) {
            w.empty("driver", DeviceAttrs.virtioAttrs(m.virtio())); // after the address, as libvirt writes it
        }
        w.close("memballoon");
    }
}
