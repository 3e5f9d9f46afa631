package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DiskDriver;
import io.virtkit.model.domain.DiskIoTune;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A disk's {@code <driver>} tuning attributes and its {@code <iotune>}: for {@link DiskXml}. */
final class DiskDriverXml {

    /** The keys read here, relative to the disk (name and type are {@link DiskXml}'s). */
    static final List<String> MODELLED = modelled();

    static final Set<String> CACHE = Set.of("default", "none", "writethrough", "writeback", "directsync", "unsafe");
    static final Set<String> ERROR_POLICY = Set.of("stop", "report", "ignore", "enospace");
    static final Set<String> RERROR_POLICY = Set.of("stop", "report", "ignore");
    static final Set<String> IO = Set.of("threads", "native", "io_uring");
    static final Set<String> DISCARD = Set.of("unmap", "ignore");
    static final Set<String> DETECT_ZEROES = Set.of("off", "on", "unmap");

    private DiskDriverXml() {
    }

    private static List<String> modelled() {
        List<String> keys = new ArrayList<>(List.of("driver@cache", "driver@error_policy", "driver@rerror_policy",
                "driver@io", "driver@ioeventfd", "driver@event_idx", "driver@copy_on_read", "driver@discard",
                "driver@iothread", "driver@detect_zeroes", "driver@queues", "driver@queue_size", "driver@iommu",
                "driver@ats", "driver@packed", "driver@page_per_vq", "iotune/group_name",
                "driver/metadata_cache/max_size", "driver/metadata_cache/max_size@unit"));
        DiskIoTune.NAMES.forEach(n -> keys.add("iotune/" + n));
        return List.copyOf(keys);
    }

    static DiskDriver parse(XmlCursor driver) {
        if (driver == null) {
            return DiskDriver.DEFAULT;
        }
        Integer iothread = DomainErrors.unsigned(driver, "iothread");
        if (iothread != null && iothread == 0) {
            throw DomainErrors.xmlError("Invalid iothread attribute in disk driver element: 0");
        }
        Integer queues = DomainErrors.unsigned(driver, "queues");
        if (queues != null && queues == 0) {
            throw DomainErrors.xmlError("'queues' attribute must be positive number: 0");
        }
        return new DiskDriver(DomainErrors.choice(driver, "cache", CACHE),
                DomainErrors.choice(driver, "error_policy", ERROR_POLICY),
                DomainErrors.choice(driver, "rerror_policy", RERROR_POLICY), DomainErrors.choice(driver, "io", IO),
                DomainErrors.onOff(driver, "ioeventfd"), DomainErrors.onOff(driver, "event_idx"),
                DomainErrors.onOff(driver, "copy_on_read"), DomainErrors.choice(driver, "discard", DISCARD), iothread,
                DomainErrors.choice(driver, "detect_zeroes", DETECT_ZEROES), queues,
                DomainErrors.unsigned(driver, "queue_size"), DomainErrors.onOff(driver, "iommu"),
                DomainErrors.onOff(driver, "ats"), DomainErrors.onOff(driver, "packed"),
                DomainErrors.onOff(driver, "page_per_vq"), DiskSourceXml.metadataCacheMaxSize(driver));
    }

    /** Writes {@code <driver>} with the name, the format and the tuning, nothing when all are absent. */
    static void write(XmlWriter w, String name, String format, DiskDriver d) {
        if (name == null && format == null && d.isDefault()) {
            return;
        }
        String[] attrs = {"name", name, "type", format, "cache", d.cache(), "error_policy", d.errorPolicy(),
                "rerror_policy", d.rerrorPolicy(), "io", d.io(), "ioeventfd", DomainErrors.onOff(d.ioeventfd()),
                "event_idx", DomainErrors.onOff(d.eventIdx()), "copy_on_read", DomainErrors.onOff(d.copyOnRead()),
                "discard", d.discard(), "iothread", DomainErrors.text(d.iothread()), "detect_zeroes",
                d.detectZeroes(), "queues", DomainErrors.text(d.queues()), "queue_size",
                DomainErrors.text(d.queueSize()), "iommu", DomainErrors.onOff(d.iommu()), "ats",
                DomainErrors.onOff(d.ats()), "packed", DomainErrors.onOff(d.packed()), "page_per_vq",
                DomainErrors.onOff(d.pagePerVq())};
        if (d.metadataCacheMaxSize() == null) {
            w.empty("driver", attrs);
            return;
        }
        w.open("driver", attrs);
        DiskSourceXml.writeMetadataCache(w, d.metadataCacheMaxSize());
        w.close("driver");
    }

    static DiskIoTune parseIoTune(XmlCursor iotune) {
        if (iotune == null) {
            return null;
        }
        Map<String, Long> limits = new HashMap<>();
        for (String name : DiskIoTune.NAMES) {
            String text = iotune.childText(name);
            if (text != null) {
                try {
                    long value = Long.parseLong(text.strip());
                    if (value < 0) {
                        throw new NumberFormatException(text);
                    }
                    limits.put(name, value);
                } catch (NumberFormatException e) {
                    throw DomainErrors.xmlError("disk iotune field '" + name + "' must be an integer");
                }
            }
        }
        String group = iotune.childText("group_name");
        return new DiskIoTune(limits, group == null ? null : group.strip());
    }

    static void writeIoTune(XmlWriter w, DiskIoTune t) {
        if (t == null) {
            return;
        }
        w.open("iotune");
        for (int n = 0; n < DiskIoTune.NAMES.size(); n++) {
            String name = DiskIoTune.NAMES.get(n);
            if (n == 13) {
                w.text("group_name", t.groupName());
            }
            Long value = t.limit(name);
            if (value != null) {
                w.text(name, value.toString());
            }
        }
        w.close("iotune");
    }
}
