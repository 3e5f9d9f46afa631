package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.MemoryDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;
import java.util.Set;

/** {@code <memory>} devices: model, access, source (pages, nodes, backing file) and target (size, node, label). */
final class MemoryDeviceXml {

    /** The keys this codec reads, relative to {@code <memory>}. */
    static final List<String> MODELLED = List.of("@model", "@access", "@discard", "uuid", "source",
            "source/pagesize", "source/pagesize@unit", "source/nodemask", "source/path", "source/alignsize",
            "source/alignsize@unit", "source/pmem", "target", "target/size", "target/size@unit", "target/node",
            "target/block", "target/block@unit", "target/requested", "target/requested@unit", "target/current",
            "target/current@unit", "target/label", "target/label/size", "target/label/size@unit", "target/readonly");

    private static final Set<String> MODELS = Set.of("dimm", "nvdimm", "virtio-pmem", "virtio-mem", "sgx-epc");

    private MemoryDeviceXml() {
    }

    static MemoryDevice parse(XmlCursor m, boolean live) {
        String model = m.attr("model");
        if (model == null || !MODELS.contains(model)) {
            throw DomainErrors.xmlError("invalid memory model '" + model + "'");
        }
        MemoryDevice.Builder b = MemoryDevice.builder().model(model);
        String access = m.attr("access");
        if (access != null && !access.equals("shared") && !access.equals("private")) {
            throw DomainErrors.xmlError("invalid access mode '" + access + "'");
        }
        b.access(access);
        if (m.attr("discard") != null) {
            b.discard(DomainErrors.yesNo(m.attr("discard"), "discard", "memory") ? "yes" : "no");
        }
        b.uuid(m.childText("uuid") == null ? null : m.childText("uuid").strip());
        XmlCursor source = m.child("source");
        if (source != null) {
            b.pagesizeKiB(size(source, "pagesize")).alignsizeKiB(size(source, "alignsize"));
            b.nodemask(trimmed(source.childText("nodemask"))).path(trimmed(source.childText("path")));
            b.pmem(source.child("pmem") != null);
        }
        XmlCursor target = m.child("target");
        if (target == null) {
            throw DomainErrors.xmlError("missing memory target");
        }
        b.sizeKiB(size(target, "size"));
        String node = trimmed(target.childText("node"));
        if (node != null) {
            try {
                b.node(Integer.parseUnsignedInt(node));
            } catch (NumberFormatException e) {
                throw DomainErrors.xmlError("invalid value of memory device node");
            }
        }
        XmlCursor label = target.child("label");
        if (label != null) {
            b.labelSizeKiB(size(label, "size"));
        }
        b.readonly(target.child("readonly") != null);
        b.blockKiB(size(target, "block")).requestedKiB(size(target, "requested"));
        b.currentKiB(live ? size(target, "current") : null);
        if (b.build().sizeKiB() == null && !model.equals("sgx-epc")) {
            throw DomainErrors.xmlError("missing memory size");
        }
        return b.build();
    }

    private static Long size(XmlCursor parent, String element) {
        XmlCursor e = parent.child(element);
        return e == null ? null : MemoryXml.parse(e, element);
    }

    private static String trimmed(String text) {
        return text == null ? null : text.strip();
    }

    static void write(XmlWriter w, MemoryDevice m, boolean live) {
        w.open("memory", "model", m.model(), "access", m.access(), "discard", m.discard());
        w.text("uuid", m.uuid());
        if (m.pagesizeKiB() != null || m.nodemask() != null || m.path() != null || m.alignsizeKiB() != null
                || m.pmem()) {
            w.open("source");
            kib(w, "pagesize", m.pagesizeKiB());
            w.text("nodemask", m.nodemask());
            w.text("path", m.path());
            kib(w, "alignsize", m.alignsizeKiB());
            if (m.pmem()) {
                w.empty("pmem");
            }
            w.close("source");
        }
        w.open("target");
        kib(w, "size", m.sizeKiB());
        w.text("node", m.node() == null ? null : m.node().toString());
        if (m.labelSizeKiB() != null) {
            w.open("label");
            kib(w, "size", m.labelSizeKiB());
            w.close("label");
        }
        if (m.readonly()) {
            w.empty("readonly");
        }
        kib(w, "block", m.blockKiB());
        kib(w, "requested", m.requestedKiB());
        if (live) {
            kib(w, "current", m.currentKiB());
        }
        w.close("target");
        DeviceInfoXml.write(w, m.info(), live);
        w.close("memory");
    }

    private static void kib(XmlWriter w, String element, Long value) {
        w.text(element, value == null ? null : value.toString(), "unit", "KiB");
    }
}
