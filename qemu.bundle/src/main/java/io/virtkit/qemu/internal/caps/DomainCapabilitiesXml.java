package io.virtkit.qemu.internal.caps;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code <domainCapabilities>} document of a {@link DomainCapabilitiesQuery}, in libvirt 9.0's form
 * (its element order and indentation, its enum values in its order) and valid against its
 * {@code domaincaps.rng}: the emulator's facts cut to what {@link DriverSupport} says the driver runs.
 */
final class DomainCapabilitiesXml {

    /** libvirt's order of the values of each enum this document lists (its {@code VIR_ENUM}s). */
    private static final List<String> DISK_DEVICES = List.of("disk", "cdrom", "floppy", "lun");
    private static final List<String> DISK_BUSES = List.of("ide", "fdc", "scsi", "virtio", "xen", "usb", "uml",
            "sata", "sd");
    private static final List<String> GRAPHICS_TYPES = List.of("sdl", "vnc", "rdp", "desktop", "spice",
            "egl-headless", "dbus");
    private static final List<String> VIDEO_MODELS = List.of("vga", "cirrus", "vmvga", "xen", "vbox", "qxl",
            "virtio", "gop", "none", "bochs", "ramfb");
    /**
     * The devices libvirt 9.0 lists after video, in its order: rng, redirdev and channel as the driver runs them,
     * the others unsupported.
     */
    private static final List<String> UNSUPPORTED_DEVICES = List.of("hostdev", "rng", "filesystem", "tpm",
            "redirdev", "channel");
    private static final List<String> RNG_MODELS = List.of("virtio", "virtio-transitional",
            "virtio-non-transitional");
    private static final List<String> RNG_BACKENDS = List.of("random", "egd", "builtin");
    private static final List<String> CHANNEL_TYPES = List.of("pty", "unix", "spicevmc");
    private static final List<String> REDIRDEV_BUSES = List.of("usb");
    /** The features libvirt 9.0 lists. */
    private static final List<String> FEATURES = List.of("gic", "vmcoreinfo", "genid", "backingStoreInput",
            "backup", "sev", "sgx", "hyperv");
    /** The features of {@link #FEATURES} the driver runs (QemuTopLevelArgs: -device vmcoreinfo, vmgenid). */
    private static final List<String> SUPPORTED_FEATURES = List.of("vmcoreinfo", "genid");

    private final StringBuilder out = new StringBuilder();

    private DomainCapabilitiesXml() {
    }

    static String write(DomainCapabilitiesQuery q, DriverSupport support) {
        return new DomainCapabilitiesXml().document(q, support);
    }

    private String document(DomainCapabilitiesQuery q, DriverSupport support) {
        EmulatorFacts facts = q.facts();
        boolean q35 = q.machine() != null && isQ35(q.machine().name());
        line(0, "<domainCapabilities>");
        line(1, "<path>" + text(q.binary()) + "</path>");
        line(1, "<domain>" + q.virtType() + "</domain>");
        if (q.machine() != null) {
            line(1, "<machine>" + text(q.machine().name()) + "</machine>");
        }
        line(1, "<arch>" + q.arch() + "</arch>");
        if (q.machine() != null) {
            line(1, "<vcpu max='" + q.machine().cpuMax() + "'/>");
        }
        line(1, "<iothreads supported='yes'/>");
        os(q, support);
        cpu(facts, q.virtType().equals("kvm"), support);
        // QemuTopLevelArgs runs anonymous and memfd RAM backends
        element(1, "memoryBacking", List.of(new Enum("sourceType", List.of("anonymous", "memfd"))));
        line(1, "<devices>");
        element(2, "disk", List.of(
                new Enum("diskDevice", values(DISK_DEVICES, support.diskDevices(), facts, Set.of())),
                new Enum("bus", values(DISK_BUSES, support.diskBuses(), facts, q35 ? support.notOnQ35() : Set.of())),
                new Enum("model", List.of())));
        element(2, "graphics", List.of(new Enum("type", values(GRAPHICS_TYPES, support.graphicsTypes(), facts,
                Set.of()))));
        element(2, "video", List.of(new Enum("modelType", values(VIDEO_MODELS, support.videoModels(), facts,
                Set.of()))));
        for (String device : UNSUPPORTED_DEVICES) {
            switch (device) {
                case "rng" -> element(2, "rng", List.of(
                        new Enum("model", values(RNG_MODELS, support.chardev().rngModels(), facts, Set.of())),
                        new Enum("backendModel", values(RNG_BACKENDS, support.chardev().rngBackends(), facts,
                                Set.of()))));
                case "redirdev" -> element(2, "redirdev", List.of(new Enum("bus",
                        values(REDIRDEV_BUSES, support.chardev().redirdevBuses(), facts, Set.of()))));
                case "channel" -> element(2, "channel", List.of(new Enum("type",
                        values(CHANNEL_TYPES, support.chardev().channelTypes(), facts, Set.of()))));
                default -> line(2, "<" + device + " supported='no'/>");
            }
        }
        line(1, "</devices>");
        line(1, "<features>");
        for (String feature : FEATURES) {
            line(2, "<" + feature + " supported='" + yesNo(SUPPORTED_FEATURES.contains(feature)) + "'/>");
        }
        line(1, "</features>");
        line(0, "</domainCapabilities>");
        return out.toString();
    }

    /** The OS (type hvm) is supported; firmware only when the driver runs loaders: then the host's UEFI images. */
    private void os(DomainCapabilitiesQuery q, DriverSupport support) {
        line(1, "<os supported='yes'>");
        if (!support.loader() || q.machine() == null) {
            line(2, "<enum name='firmware'/>");
            line(2, "<loader supported='no'/>");
            line(1, "</os>");
            return;
        }
        FirmwareCatalog.Firmware fw = FirmwareCatalog.host()
                .forMachine(q.arch().equals("i686") ? "i386" : q.arch(), q.machine().name());
        enumeration(2, "firmware", fw.described() ? List.of("efi") : List.of());
        line(2, "<loader supported='yes'>");
        for (String image : fw.images()) {
            line(3, "<value>" + text(image) + "</value>");
        }
        enumeration(3, "type", List.of("rom", "pflash"));
        enumeration(3, "readonly", List.of("yes", "no"));
        enumeration(3, "secure", fw.secureBoot() ? List.of("yes", "no") : List.of("no"));
        line(2, "</loader>");
        line(1, "</os>");
    }

    /** {@code <enum name='…'>} with its values, or empty. */
    private void enumeration(int depth, String name, List<String> values) {
        if (values.isEmpty()) {
            line(depth, "<enum name='" + name + "'/>");
            return;
        }
        line(depth, "<enum name='" + name + "'>");
        for (String v : values) {
            line(depth + 1, "<value>" + text(v) + "</value>");
        }
        line(depth, "</enum>");
    }

    private void cpu(EmulatorFacts facts, boolean kvm, DriverSupport support) {
        line(1, "<cpu>");
        // the host's CPU as it is needs KVM: under TCG the driver refuses host-passthrough, as libvirt does
        line(2, "<mode name='host-passthrough' supported='" + yesNo(kvm) + "'/>");
        line(2, "<mode name='maximum' supported='yes'/>");
        line(2, "<mode name='host-model' supported='yes'/>");
        if (!support.customCpuModels() || facts.cpuModels().isEmpty()) {
            line(2, "<mode name='custom' supported='no'/>");
        } else {
            line(2, "<mode name='custom' supported='yes'>");
            for (EmulatorFacts.CpuModel m : facts.cpuModels()) {
                line(3, "<model usable='" + yesNo(m.usable()) + "'" + (m.deprecated() ? " deprecated='yes'" : "")
                        + " vendor='" + text(m.vendor()) + "'>" + text(m.name()) + "</model>");
            }
            line(2, "</mode>");
        }
        line(1, "</cpu>");
    }

    private record Enum(String name, List<String> values) {
    }

    /** A device element: supported with its enums when any value of its first enum is run, else 'no'. */
    private void element(int depth, String name, List<Enum> enums) {
        if (enums.get(0).values().isEmpty()) {
            line(depth, "<" + name + " supported='no'/>");
            return;
        }
        line(depth, "<" + name + " supported='yes'>");
        for (Enum e : enums) {
            enumeration(depth + 1, e.name(), e.values());
        }
        line(depth, "</" + name + ">");
    }

    /** Of libvirt's {@code order}, the values the driver runs whose QOM types the emulator has. */
    private static List<String> values(List<String> order, Map<String, Set<String>> run, EmulatorFacts facts,
            Set<String> excluded) {
        return order.stream().filter(run::containsKey).filter(v -> !excluded.contains(v))
                .filter(v -> facts.types().containsAll(run.get(v))).toList();
    }

    static boolean isQ35(String machine) {
        return machine.equals("q35") || machine.startsWith("pc-q35");
    }

    private void line(int depth, String s) {
        out.append("  ".repeat(depth)).append(s).append('\n');
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    static String text(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }
}
