package io.virtkit.xen.internal.xl;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.AuxiliaryDevices;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.ControllerSettings;
import io.virtkit.model.domain.DomainClock;
import io.virtkit.model.domain.DomainCpu;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.DomainFeatures;
import io.virtkit.model.domain.DomainNamespaces;
import io.virtkit.model.domain.DomainVcpus;
import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.HostdevDevice;
import io.virtkit.model.domain.InputDevice;
import io.virtkit.model.domain.LifecycleAction;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * xl or xm configuration to domain definition with libvirt's rules (xenParseConfigCommon, then xenParseXL or
 * xenParseXM): name, UUID, memory, lifecycle actions, vCPUs and their pinning, hypervisor features, the clock,
 * NICs, PCI devices, sound, display, serial ports, the OS and disks, then what libvirt's post-parse steps add
 * (the Xen bus, the implicit mouse and keyboard, the console of an HVM guest's first serial port).
 */
final class XlDomainParser {
    /** The memory libvirt gives a guest whose file says none: twice its smallest Xen guest, in MiB. */
    static final long DEFAULT_MEMORY_MIB = 2 * 64;

    private final XlConfig config;
    private final XlEntries xl;
    private final XlFormat format;

    XlDomainParser(XlConfig config, XlFormat format) {
        this.config = config;
        this.xl = new XlEntries(config);
        this.format = format;
    }

    DomainDefinition parse() {
        DomainDefinition.Builder def = DomainDefinition.builder().type("xen");
        def.name(xl.required("name"));
        def.uuid(xl.uuid("uuid"));
        String osType = XlOs.type(xl);
        boolean hvm = osType.equals("hvm");
        long memory = xl.ulong("memory", DEFAULT_MEMORY_MIB);
        long maxmem = xl.ulong("maxmem", memory);
        def.memoryKiB(maxmem * 1024).currentMemoryKiB(memory * 1024);
        // xl destroys a crashed domain unless told otherwise (xl -N create shows it): libvirt's "restart" is xm's
        // default, wrong for an xl configuration that leaves on_crash out
        def.onPoweroff(action("on_poweroff", "destroy")).onReboot(action("on_reboot", "restart"))
                .onCrash(action("on_crash", format == XlFormat.XL ? "destroy" : "restart"));
        int maxVcpus = vcpus(def);
        List<DomainClock.Timer> timers = new ArrayList<>();
        features(def, hvm, timers);
        clock(def, hvm, timers);

        DomainDevices.Builder devices = DomainDevices.builder();
        devices.emulator(xl.string("device_model", null));
        devices.interfaces(XlVifs.parse(config, format));
        List<HostdevDevice> hostdevs = new ArrayList<>(XlPciAndSound.parsePci(xl));
        if (hvm) {
            devices.sounds(XlPciAndSound.parseSound(xl));
        }
        GraphicsDevice display = hvm ? XlGraphics.parseHvm(xl, format) : XlGraphics.parsePv(xl);
        List<CharDevice> serials = List.of();
        List<CharDevice> consoles;
        List<CharDevice> parallels = new ArrayList<>();
        if (hvm) {
            CharDevice parallel = XlCharDevices.parseParallel(xl);
            if (parallel != null) {
                parallels.add(parallel);
            }
            serials = XlCharDevices.parseSerials(xl, format);
            // libvirt's post-parse step shows the first serial port as the console too
            consoles = serials.isEmpty() ? List.of()
                    : List.of(serials.get(0).toBuilder().targetType("serial").targetPort(0).build());
        } else {
            consoles = List.of(XlCharDevices.xenConsole());
        }
        def.os(XlOs.parse(xl, format, osType, def));
        if (format == XlFormat.XL) {
            DomainCpu.Numa numa = XlVnuma.parse(config, maxVcpus);
            if (numa != null) {
                // libvirt's post-parse step takes the memory of the NUMA cells as the guest's
                long cellsKiB = numa.cells().stream().mapToLong(DomainCpu.Cell::memoryKiB).sum();
                def.memoryKiB(cellsKiB).currentMemoryKiB(Math.min(memory * 1024, cellsKiB));
            }
            XlCpuid.parse(xl, hvm, numa, def);
        }
        devices.disks(XlDisks.parse(xl, format, hvm));
        if (display != null) {
            devices.graphics(List.of(display));
        }
        devices.serials(serials).consoles(consoles);
        List<CharDevice> channels = format == XlFormat.XL ? XlUsbAndChannels.parseChannels(xl) : List.of();
        if (!parallels.isEmpty() || !channels.isEmpty()) {
            devices.auxiliary(AuxiliaryDevices.NONE.withParallels(parallels).withChannels(channels));
        }
        List<InputDevice> inputs = usbInputs(hvm);
        // libvirt's libxl post-parse step adds the mouse and keyboard every Xen guest has
        String implicitBus = hvm ? "ps2" : "xen";
        inputs.add(InputDevice.of("mouse", implicitBus));
        inputs.add(InputDevice.of("keyboard", implicitBus));
        devices.inputs(inputs);
        if (format == XlFormat.XL) {
            hostdevs.addAll(XlUsbAndChannels.parseUsbDevices(xl));
            List<ControllerDevice> controllers = new ArrayList<>();
            controllers.add(xenbus());
            controllers.addAll(XlUsbAndChannels.parseUsbControllers(xl));
            devices.controllers(controllers);
        }
        devices.hostdevs(hostdevs);
        def.devices(devices.build());
        List<String> args = format == XlFormat.XL ? xl.list("device_model_args") : null;
        if (args != null && !args.isEmpty()) {
            def.namespaces(new DomainNamespaces(null, null, null, null, null, null, null, args, null));
        }
        return def.build();
    }

    private LifecycleAction action(String key, String def) {
        String value = xl.string(key, def);
        for (LifecycleAction action : LifecycleAction.values()) {
            if (action.xmlName().equals(value)) {
                return action;
            }
        }
        throw XlErrors.internal("unexpected value " + value + " for " + key);
    }

    /** Reads the vCPUs and their pinning, giving back the maximum. */
    private int vcpus(DomainDefinition.Builder def) {
        long vcpus = xl.ulong("vcpus", 1);
        long max = xl.has("maxvcpus") ? xl.ulong("maxvcpus", 0) : vcpus;
        long current = Math.min(vcpus, max);
        def.vcpus((int) max);
        String cpus = xl.string("cpus", null);
        String cpuset = cpus == null ? null : cpuset(cpus);
        if (current < max || cpuset != null) {
            def.vcpuSettings(new DomainVcpus(current < max ? (int) current : null, cpuset, List.of()));
        }
        return (int) max;
    }

    /** libvirt's bitmap reading of {@code cpus} ({@code 0-3,^2}), written back in its own form. */
    static String cpuset(String text) {
        BitSet bits = new BitSet();
        try {
            for (String part : text.split(",")) {
                String item = part.strip();
                boolean negate = item.startsWith("^");
                if (negate) {
                    item = item.substring(1);
                }
                int dash = item.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? item : item.substring(0, dash).strip());
                int to = dash < 0 ? from : Integer.parseInt(item.substring(dash + 1).strip());
                if (from < 0 || to < from || to >= 4096) {
                    throw new NumberFormatException(item);
                }
                bits.set(from, to + 1, !negate);
            }
        } catch (NumberFormatException e) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "Failed to parse bitmap '" + text + "'");
        }
        StringBuilder out = new StringBuilder();
        for (int from = bits.nextSetBit(0); from >= 0; from = bits.nextSetBit(bits.nextClearBit(from))) {
            int to = bits.nextClearBit(from) - 1;
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(from);
            if (to > from) {
                out.append('-').append(to);
            }
        }
        return out.toString();
    }

    private void features(DomainDefinition.Builder def, boolean hvm, List<DomainClock.Timer> timers) {
        String tsc = xl.string("tsc_mode", null);
        if (tsc != null) {
            timers.add(new DomainClock.Timer("tsc", true, null, null, null, switch (tsc) {
                case "always_emulate" -> "emulate";
                case "native" -> "native";
                case "native_paravirt" -> "paravirt";
                default -> "auto";
            }, null));
        }
        Boolean passthrough = null;
        String passthroughMode = null;
        String pt = xl.string("passthrough", null);
        if (pt != null) {
            switch (pt) {
                case "disabled" -> passthrough = false;
                case "enabled" -> passthrough = true;
                case "sync_pt", "share_pt" -> {
                    passthrough = true;
                    passthroughMode = pt;
                }
                default -> {
                    // libvirt reports the mode as invalid but reads on without it
                }
            }
        }
        Boolean e820 = null;
        Set<String> on = new LinkedHashSet<>();
        Set<String> off = new LinkedHashSet<>();
        if (hvm) {
            if (xl.bool("pae", true)) {
                on.add("pae");
            }
            if (xl.bool("acpi", true)) {
                on.add("acpi");
            }
            if (xl.bool("apic", true)) {
                on.add("apic");
            }
            if (!xl.bool("hap", true)) {
                off.add("hap");
            }
            if (xl.bool("viridian", false)) {
                on.add("viridian");
            }
            Boolean hpet = xl.boolOrNull("hpet");
            if (hpet != null) {
                timers.add(DomainClock.Timer.of("hpet", hpet));
            }
        } else if (xl.bool("e820_host", false)) {
            e820 = true;
        }
        def.features(on);
        DomainFeatures.Xen xen = e820 == null && passthrough == null ? null
                : new DomainFeatures.Xen(e820, passthrough, passthroughMode);
        def.featureSettings(new DomainFeatures(off, null, null, null, xen, null, null, null, null, null, null, null,
                null, null, null));
    }

    private void clock(DomainDefinition.Builder def, boolean hvm, List<DomainClock.Timer> timers) {
        boolean localtime = xl.bool("localtime", false);
        if (hvm) {
            long offset = xl.ulong("rtc_timeoffset", 0);
            def.clock(new DomainClock(DomainClock.Offset.VARIABLE, null, (long) (int) offset, false,
                    localtime ? "localtime" : "utc", null, timers));
        } else {
            // PV guests have no emulated RTC: the offset is fixed
            def.clock(new DomainClock(localtime ? DomainClock.Offset.LOCALTIME : DomainClock.Offset.UTC, null, null,
                    true, null, null, timers));
        }
    }

    /** An HVM guest's USB mouse, tablet or keyboard ({@code usbdevice}, a list only in xl). */
    private List<InputDevice> usbInputs(boolean hvm) {
        List<InputDevice> inputs = new ArrayList<>();
        if (!hvm || !xl.has("usbdevice")) {
            return inputs;
        }
        List<String> devices = xl.strings("usbdevice");
        if (format == XlFormat.XM && xl.list("usbdevice") != null) {
            throw XlErrors.malformed("usbdevice");
        }
        for (String dev : devices) {
            if (dev.equals("mouse") || dev.equals("tablet")) {
                inputs.add(InputDevice.of(dev, "usb"));
            } else if (dev.equals("keyboard")) {
                inputs.add(InputDevice.of("keyboard", "usb"));
            }
        }
        return inputs;
    }

    /** The Xen bus libvirt's xl reader always adds, with its event channel and grant frame limits. */
    private ControllerDevice xenbus() {
        long events = xl.ulong("max_event_channels", 0);
        long grants = xl.ulong("max_grant_frames", 0);
        ControllerSettings settings = new ControllerSettings(null, null, grants > 0 ? (int) grants : null,
                events > 0 ? (int) events : null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
        return new ControllerDevice("xenbus", 0, null, null, settings);
    }
}
