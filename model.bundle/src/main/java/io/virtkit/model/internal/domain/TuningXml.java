package io.virtkit.model.internal.domain;

import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainTuning;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code <memtune>}, {@code <blkiotune>}, {@code <numatune>} and {@code <resource>} ({@link DomainTuning});
 * {@code <memoryBacking>} by {@link MemoryBackingXml}. Each is written at libvirt's place by {@link DomainXml}.
 */
final class TuningXml {

    /** The keys this codec reads, relative to {@code <domain>}. */
    static final List<String> MODELLED = Stream.concat(Stream.of("memtune/hard_limit@unit",
            "memtune/soft_limit@unit", "memtune/min_guarantee@unit", "memtune/swap_hard_limit@unit",
            "blkiotune/weight", "blkiotune/device/path", "blkiotune/device/weight", "blkiotune/device/read_iops_sec",
            "blkiotune/device/write_iops_sec", "blkiotune/device/read_bytes_sec", "blkiotune/device/write_bytes_sec",
            "numatune/memory@mode", "numatune/memory@nodeset", "numatune/memory@placement", "numatune/memnode@cellid",
            "numatune/memnode@mode", "numatune/memnode@nodeset", "resource/partition", "resource/fibrechannel@appid"),
            MemoryBackingXml.MODELLED.stream()).toList();

    /** libvirt's "unlimited" memory limit in KiB (2^53 - 1). */
    static final long UNLIMITED_KIB = 9007199254740991L;

    private static final List<String> LIMITS = List.of("hard_limit", "soft_limit", "min_guarantee", "swap_hard_limit");
    private static final List<String> THROTTLES = List.of("read_iops_sec", "write_iops_sec", "read_bytes_sec",
            "write_bytes_sec");

    private TuningXml() {
    }

    static DomainTuning parse(XmlCursor root) {
        return new DomainTuning(memtune(root.child("memtune")), blkiotune(root.child("blkiotune")),
                numatune(root.child("numatune")), MemoryBackingXml.parse(root.child("memoryBacking")),
                resource(root.child("resource")));
    }

    private static DomainTuning.MemTune memtune(XmlCursor m) {
        if (m == null) {
            return null;
        }
        Long[] limits = new Long[LIMITS.size()];
        for (int i = 0; i < limits.length; i++) {
            XmlCursor el = m.child(LIMITS.get(i));
            if (el != null) {
                try {
                    limits[i] = MemoryXml.parse(el, "memtune/" + LIMITS.get(i));
                } catch (VirtException tooLarge) {
                    if (el.text().strip().matches("[0-9]+")) {
                        limits[i] = UNLIMITED_KIB; // libvirt caps every limit at "unlimited"
                    } else {
                        throw tooLarge;
                    }
                }
                limits[i] = Math.min(limits[i], UNLIMITED_KIB);
            }
        }
        return new DomainTuning.MemTune(limits[0], limits[1], limits[2], limits[3]);
    }

    private static DomainTuning.BlkioTune blkiotune(XmlCursor b) {
        if (b == null) {
            return null;
        }
        List<DomainTuning.BlkioDevice> devices = new ArrayList<>();
        for (XmlCursor d : b.children("device")) {
            String path = d.childText("path");
            Long[] t = new Long[THROTTLES.size()];
            for (int i = 0; i < t.length; i++) {
                String text = d.childText(THROTTLES.get(i));
                t[i] = text == null ? null : number(text, "could not parse " + THROTTLES.get(i) + " " + text);
            }
            devices.add(new DomainTuning.BlkioDevice(path == null ? null : path.strip(), weight(d.childText("weight")), t[0], t[1], t[2],
                    t[3]));
        }
        return new DomainTuning.BlkioTune(weight(b.childText("weight")), devices);
    }

    private static Integer weight(String text) {
        if (text == null) {
            return null;
        }
        long w = number(text, "could not parse weight " + text);
        return (int) Math.min(w, Integer.MAX_VALUE);
    }

    private static long number(String text, String error) {
        try {
            long n = Long.parseLong(text.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw DomainErrors.xmlError(error);
    }

    private static DomainTuning.NumaTune numatune(XmlCursor n) {
        if (n == null) {
            return null;
        }
        DomainTuning.NumaMemory memory = null;
        XmlCursor m = n.child("memory");
        if (m != null) {
            memory = new DomainTuning.NumaMemory(m.attr("mode"), m.attr("nodeset"), m.attr("placement"));
        }
        List<DomainTuning.MemNode> memnodes = new ArrayList<>();
        for (XmlCursor c : n.children("memnode")) {
            Integer cellId = DomainErrors.unsigned(c, "cellid");
            if (cellId == null) {
                throw DomainErrors.xmlError("Missing required cellid attribute in memnode element");
            }
            memnodes.add(new DomainTuning.MemNode(cellId, c.attr("mode"), c.attr("nodeset")));
        }
        return new DomainTuning.NumaTune(memory, memnodes);
    }

    private static DomainTuning.Resource resource(XmlCursor r) {
        if (r == null) {
            return null;
        }
        String partition = r.childText("partition");
        XmlCursor fc = r.child("fibrechannel");
        String appId = fc == null ? null : fc.attrOrEmpty("appid");
        if (fc != null && appId.isEmpty()) {
            throw DomainErrors.xmlError("missing 'appid' attribute in fibrechannel");
        }
        return new DomainTuning.Resource(partition == null ? null : partition.strip(), appId);
    }

    /** {@code <blkiotune>}, {@code <memtune>} and {@code <memoryBacking>}, after {@code <currentMemory>}. */
    static void writeMemory(XmlWriter w, DomainTuning t) {
        if (t == null) {
            return;
        }
        DomainTuning.BlkioTune b = t.blkiotune();
        if (b != null) {
            w.open("blkiotune");
            w.text("weight", text(b.weight()));
            for (DomainTuning.BlkioDevice d : b.devices()) {
                w.open("device");
                w.text("path", d.path());
                w.text("weight", text(d.weight()));
                w.text("read_iops_sec", text(d.readIopsSec()));
                w.text("write_iops_sec", text(d.writeIopsSec()));
                w.text("read_bytes_sec", text(d.readBytesSec()));
                w.text("write_bytes_sec", text(d.writeBytesSec()));
                w.close("device");
            }
            w.close("blkiotune");
        }
        DomainTuning.MemTune m = t.memtune();
        if (m != null) {
            w.open("memtune");
            List<Long> values = java.util.Arrays.asList(m.hardLimitKiB(), m.softLimitKiB(), m.minGuaranteeKiB(),
                    m.swapHardLimitKiB());
            for (int i = 0; i < LIMITS.size(); i++) {
                w.text(LIMITS.get(i), text(values.get(i)), "unit", "KiB");
            }
            w.close("memtune");
        }
        MemoryBackingXml.write(w, t.memoryBacking());
    }

    /** {@code <numatune>} and {@code <resource>}, after {@code <cputune>}. */
    static void writePlacement(XmlWriter w, DomainTuning t) {
        if (t == null) {
            return;
        }
        DomainTuning.NumaTune n = t.numatune();
        if (n != null) {
            w.open("numatune");
            DomainTuning.NumaMemory m = n.memory();
            if (m != null) {
                w.empty("memory", "mode", m.mode(), "placement", m.placement(), "nodeset", m.nodeset());
            }
            for (DomainTuning.MemNode c : n.memnodes()) {
                w.empty("memnode", "cellid", Integer.toString(c.cellId()), "mode", c.mode(), "nodeset", c.nodeset());
            }
            w.close("numatune");
        }
        DomainTuning.Resource r = t.resource();
        if (r != null) {
            w.open("resource");
            w.text("partition", r.partition());
            if (r.fibreChannelAppId() != null) {
                w.empty("fibrechannel", "appid", r.fibreChannelAppId());
            }
            w.close("resource");
        }
    }

    private static String text(Number n) {
        return n == null ? null : n.toString();
    }
}
