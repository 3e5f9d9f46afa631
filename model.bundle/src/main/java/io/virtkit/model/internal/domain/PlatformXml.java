package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainPlatform;
import io.virtkit.model.internal.xml.SecureXml;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code <genid>}, {@code <bootloader>}, {@code <bootloader_args>}, {@code <on_lockfailure>}, {@code <pm>} and
 * {@code <perf>} ({@link DomainPlatform}), each written at libvirt's place by {@link DomainXml}.
 */
final class PlatformXml {

    /** The keys this codec reads, relative to {@code <domain>}. */
    static final List<String> MODELLED = List.of("genid", "bootloader", "bootloader_args", "on_lockfailure",
            "pm/suspend-to-mem@enabled", "pm/suspend-to-disk@enabled", "perf/event@name", "perf/event@enabled");

    private PlatformXml() {
    }

    static DomainPlatform parse(XmlCursor root) {
        String genid = root.childText("genid");
        if (genid != null && !genid.isBlank()) {
            UUID uuid = SecureXml.parseUuid(genid);
            if (uuid == null) {
                throw DomainErrors.xmlError("malformed genid element");
            }
            genid = uuid.toString();
        } else if (genid != null) {
            genid = "";
        }
        String onLockfailure = root.childText("on_lockfailure");
        if (onLockfailure != null) {
            onLockfailure = onLockfailure.strip();
        }
        XmlCursor pm = root.child("pm");
        List<DomainPlatform.PerfEvent> events = new ArrayList<>();
        XmlCursor perf = root.child("perf");
        if (perf != null) {
            for (XmlCursor e : perf.children("event")) {
                String name = e.attrOrEmpty("name");
                if (events.stream().anyMatch(p -> p.name().equals(name))) {
                    throw DomainErrors.xmlError("perf event '" + name + "' was already specified");
                }
                events.add(new DomainPlatform.PerfEvent(name,
                        DomainErrors.yesNo(e.attrOrEmpty("enabled"), "enabled", "event")));
            }
        }
        return new DomainPlatform(genid, root.childText("bootloader"), root.childText("bootloader_args"),
                onLockfailure, suspend(pm, "suspend-to-mem"), suspend(pm, "suspend-to-disk"), events);
    }

    private static Boolean suspend(XmlCursor pm, String child) {
        XmlCursor e = pm == null ? null : pm.child(child);
        return e == null ? null : DomainErrors.yesNoAttr(e, "enabled");
    }

    /** {@code <genid>}, after {@code <uuid>}. */
    static void writeGenid(XmlWriter w, DomainPlatform p) {
        if (p != null && p.genid() != null) {
            if (p.genid().isEmpty()) {
                w.empty("genid");
            } else {
                w.text("genid", p.genid());
            }
        }
    }

    /** {@code <bootloader>} and {@code <bootloader_args>}, before {@code <os>}. */
    static void writeBootloader(XmlWriter w, DomainPlatform p) {
        if (p == null) {
            return;
        }
        if (p.bootloader() != null && p.bootloader().isEmpty()) {
            w.empty("bootloader");
        } else {
            w.text("bootloader", p.bootloader());
        }
        w.text("bootloader_args", p.bootloaderArgs());
    }

    /** {@code <on_lockfailure>}, {@code <pm>} and {@code <perf>}, after {@code <on_crash>}. */
    static void writeAfterLifecycle(XmlWriter w, DomainPlatform p) {
        if (p == null) {
            return;
        }
        w.text("on_lockfailure", p.onLockfailure());
        if (p.suspendToMem() != null || p.suspendToDisk() != null) {
            w.open("pm");
            if (p.suspendToMem() != null) {
                w.empty("suspend-to-mem", "enabled", DomainErrors.yesNo(p.suspendToMem()));
            }
            if (p.suspendToDisk() != null) {
                w.empty("suspend-to-disk", "enabled", DomainErrors.yesNo(p.suspendToDisk()));
            }
            w.close("pm");
        }
        if (!p.perfEvents().isEmpty()) {
            w.open("perf");
            for (DomainPlatform.PerfEvent e : p.perfEvents()) {
                w.empty("event", "name", e.name(), "enabled", DomainErrors.yesNo(e.enabled()));
            }
            w.close("perf");
        }
    }
}
