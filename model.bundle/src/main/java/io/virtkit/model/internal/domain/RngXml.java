package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.RngDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** {@code <rng>}: model, rate and backend (a random file, an EGD character device, or QEMU's builtin). */
final class RngXml {

    /** The keys this codec reads, relative to {@code <rng>}. */
    static final List<String> MODELLED = Stream.concat(Stream.of("@model", "rate@bytes", "rate@period",
            "backend", "backend@model", "driver@iommu", "driver@ats", "driver@packed", "driver@page_per_vq"),
            CharDeviceXml.SOURCE_KEYS.stream().map(k -> "backend"
                    + (k.startsWith("@") ? "" : "/") + k)).toList();

    private static final Set<String> MODELS = Set.of("virtio", "virtio-transitional", "virtio-non-transitional");

    private RngXml() {
    }

    static RngDevice parse(XmlCursor r) {
        String model = r.attr("model");
        if (model == null) {
            throw DomainErrors.xmlError("missing RNG device model");
        }
        if (!MODELS.contains(model)) {
            throw DomainErrors.xmlError("unknown RNG model '" + model + "'");
        }
        Integer bytes = null;
        Integer period = null;
        XmlCursor rate = r.child("rate");
        if (rate != null) {
            bytes = number(rate, "bytes", "invalid RNG rate bytes value");
            period = number(rate, "period", "invalid RNG rate period value");
            if (bytes == null) {
                throw DomainErrors.xmlError("missing RNG rate bytes");
            }
        }
        XmlCursor backend = r.child("backend");
        if (backend == null || backend.attr("model") == null) {
            throw DomainErrors.xmlError("missing RNG device backend model");
        }
        String backendModel = backend.attr("model");
        String file = null;
        CharDevice egd = null;
        switch (backendModel) {
            case "random" -> {
                String text = backend.text().strip();
                file = text.isEmpty() ? null : text;
            }
            case "egd" -> {
                if (!backend.has("type")) {
                    throw DomainErrors.xmlError("missing EGD backend type");
                }
                CharDevice.Builder b = CharDevice.builder();
                CharDeviceXml.parseSource(backend, b);
                egd = b.build();
            }
            case "builtin" -> {
            }
            default -> throw DomainErrors.xmlError("unknown backend model '" + backendModel + "'");
        }
        return new RngDevice(model, bytes, period, backendModel, file, egd, null,
                DeviceAttrs.virtio(r.child("driver")));
    }

    private static Integer number(XmlCursor e, String attribute, String error) {
        String text = e.attr(attribute);
        if (text == null) {
            return null;
        }
        try {
            return Integer.parseUnsignedInt(text);
        } catch (NumberFormatException ex) {
            throw DomainErrors.xmlError(error + " '" + text + "'");
        }
    }

    static void write(XmlWriter w, RngDevice r, boolean live) {
        w.open("rng", "model", r.model());
        if (r.rateBytes() != null) {
            w.empty("rate", "bytes", r.rateBytes().toString(), "period",
                    r.ratePeriod() == null ? null : r.ratePeriod().toString());
        }
        switch (r.backendModel()) {
            case "random" -> {
                if (r.randomSource() == null) {
                    w.empty("backend", "model", "random");
                } else {
                    w.text("backend", r.randomSource(), "model", "random");
                }
            }
            case "egd" -> {
                w.open("backend", "model", "egd", "type", r.egdSource().type().xmlName());
                CharDeviceXml.writeSource(w, r.egdSource());
                w.close("backend");
            }
            default -> w.empty("backend", "model", r.backendModel());
        }
        if (!r.virtio().isEmpty()) {
            w.empty("driver", DeviceAttrs.virtioAttrs(r.virtio()));
        }
        DeviceInfoXml.write(w, r.info(), live);
        w.close("rng");
    }
}
