package io.virtkit.xen.internal.xl;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DomainClock;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.DomainFeatures;
import io.virtkit.model.domain.InputDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Domain definition to xl or xm configuration with libvirt's rules and refusals (xenFormatConfigCommon, then
 * xenFormatXL or xenFormatXM), in libvirt's order: name, UUID, memory, vCPUs, features and timers, the clock,
 * lifecycle actions, emulator, display, NICs, PCI devices, serial ports, sound, then the OS, the CPU and its
 * NUMA nodes, Xen bus limits, disks, SPICE, USB input devices, and xl's USB devices, USB controllers, channels
 * and the device model's extra arguments.
 */
final class XlDomainFormatter {
    private final DomainDefinition def;
    private final XlFormat format;
    private final Function<String, String> networkBridge;
    private final XlConfig out = new XlConfig();

    XlDomainFormatter(DomainDefinition def, XlFormat format, Function<String, String> networkBridge) {
        this.def = def;
        this.format = format;
        this.networkBridge = networkBridge;
    }

    XlConfig format() {
        boolean hvm = def.os().type().equals("hvm");
        DomainDevices devices = def.devices();
        out.set("name", def.name()).set("uuid", def.uuid().toString());
        out.set("maxmem", ceilMiB(def.memoryKiB())).set("memory", ceilMiB(def.currentMemoryKiB()));
        vcpus();
        features(hvm);
        clock(hvm);
        out.set("on_poweroff", def.onPoweroff().xmlName()).set("on_reboot", def.onReboot().xmlName())
                .set("on_crash", def.onCrash().xmlName());
        if (devices.emulator() != null) {
            out.set("device_model", devices.emulator());
        }
        XlGraphics.format(devices.graphics(), hvm, format, out);
        if (hvm && format == XlFormat.XL && devices.videos().size() == 1
                && "none".equals(devices.videos().get(0).model())) {
            out.set("vga", "none"); // beyond libvirt's converter (it drops the model): no emulated graphics card at all
        }
        XlVifs.format(devices.interfaces(), hvm, format, networkBridge, out);
        XlPciAndSound.formatPci(devices.hostdevs(), out);
        if (hvm) {
            List<CharDevice> parallels = devices.auxiliary() == null ? List.of() : devices.auxiliary().parallels();
            XlCharDevices.format(parallels, devices.serials(), format, out);
        }
        XlPciAndSound.formatSound(devices.sounds(), hvm, out);
        XlOs.format(def, format, out);
        if (format == XlFormat.XL) {
            if (hvm) {
                XlCpuid.formatNestedHvm(def, out);
            }
            XlCpuid.format(def, out);
            XlVnuma.format(def.cpu(), out);
            xenbusLimits(devices);
        }
        XlDisks.format(devices.disks(), format, out);
        if (format == XlFormat.XL) {
            XlGraphics.formatSpice(devices.graphics(), hvm, out);
        }
        usbInputs(devices, hvm);
        if (format == XlFormat.XL) {
            List<CharDevice> channels = devices.auxiliary() == null ? List.of() : devices.auxiliary().channels();
            XlUsbAndChannels.format(devices.hostdevs(), devices.controllers(), channels, out);
            if (def.namespaces() != null && !def.namespaces().xenArgs().isEmpty()) {
                out.set("device_model_args", XlValue.strings(def.namespaces().xenArgs()));
            }
        }
        return out;
    }

    private static long ceilMiB(long kib) {
        return (kib + 1023) / 1024;
    }

    private void vcpus() {
        int max = def.vcpus();
        Integer current = def.vcpuSettings() == null ? null : def.vcpuSettings().current();
        if (current != null && current < max) {
            out.set("maxvcpus", max);
        }
        out.set("vcpus", current == null ? max : current);
        String cpuset = def.vcpuSettings() == null ? null : def.vcpuSettings().cpuset();
        if (cpuset != null) {
            out.set("cpus", XlDomainParser.cpuset(cpuset));
        }
    }

    private void features(boolean hvm) {
        DomainFeatures settings = def.featureSettings() == null ? DomainFeatures.NONE : def.featureSettings();
        DomainFeatures.Xen xen = settings.xen();
        if (hvm) {
            out.set("pae", def.features().contains("pae") ? 1 : 0);
            out.set("acpi", def.features().contains("acpi") ? 1 : 0);
            out.set("apic", def.features().contains("apic") ? 1 : 0);
            if (settings.off().contains("hap")) {
                out.set("hap", 0);
            }
            out.set("viridian", def.features().contains("viridian") ? 1 : 0);
        } else if (xen != null && Boolean.TRUE.equals(xen.e820Host())) {
            out.set("e820_host", 1);
        }
        if (xen != null && Boolean.TRUE.equals(xen.passthrough())) {
            String mode = xen.passthroughMode();
            out.set("passthrough", "sync_pt".equals(mode) || "share_pt".equals(mode) ? mode : "enabled");
        }
        for (DomainClock.Timer timer : def.clock().timers()) {
            switch (timer.name()) {
                case "tsc" -> out.set("tsc_mode", switch (timer.mode() == null ? "" : timer.mode()) {
                    case "native" -> "native";
                    case "paravirt" -> "native_paravirt";
                    case "emulate" -> "always_emulate";
                    default -> "default";
                });
                case "hpet" -> {
                    if (!hvm) {
                        throw XlErrors.unsupported("unsupported timer type (name) 'hpet'");
                    }
                    out.set("hpet", Boolean.FALSE.equals(timer.present()) ? 0 : 1);
                }
                default -> throw XlErrors.unsupported("unsupported timer type (name) '" + timer.name() + "'");
            }
        }
    }

    private void clock(boolean hvm) {
        DomainClock clock = def.clock();
        int localtime;
        if (hvm) {
            long offset;
            switch (clock.offset()) {
                case VARIABLE -> {
                    localtime = "localtime".equals(clock.basis()) ? 1 : 0;
                    offset = clock.adjustment() == null ? 0 : clock.adjustment();
                }
                case UTC, LOCALTIME -> {
                    if (clock.reset()) {
                        throw XlErrors.unsupported("unsupported clock adjustment='reset'");
                    }
                    localtime = clock.offset() == DomainClock.Offset.LOCALTIME ? 1 : 0;
                    offset = 0;
                }
                default -> throw XlErrors.unsupported("unsupported clock offset='" + clock.offset().xmlName() + "'");
            }
            out.set("rtc_timeoffset", offset);
        } else {
            localtime = switch (clock.offset()) {
                case UTC -> 0;
                case LOCALTIME -> 1;
                default -> throw XlErrors.unsupported("unsupported clock offset='" + clock.offset().xmlName() + "'");
            };
        }
        out.set("localtime", localtime);
    }

    private void xenbusLimits(DomainDevices devices) {
        for (ControllerDevice controller : devices.controllers()) {
            if (controller.type().equals("xenbus") && controller.settings() != null) {
                Integer events = controller.settings().maxEventChannels();
                Integer grants = controller.settings().maxGrantFrames();
                if (events != null && events > 0) {
                    out.set("max_event_channels", events);
                }
                if (grants != null && grants > 0) {
                    out.set("max_grant_frames", grants);
                }
            }
        }
    }

    /** An HVM guest's USB inputs: one as a string (what Xen 4.2 and xm read), several as an xl list. */
    private void usbInputs(DomainDevices devices, boolean hvm) {
        if (!hvm) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (InputDevice input : devices.inputs()) {
            if ("usb".equals(input.bus())) {
                out.set("usb", 1);
                if (List.of("mouse", "tablet", "keyboard").contains(input.type())) {
                    names.add(input.type());
                }
            }
        }
        if (names.size() == 1 || (format == XlFormat.XM && !names.isEmpty())) {
            out.set("usbdevice", names.get(0)); // xm takes one device only
        } else if (names.size() > 1) {
            out.set("usbdevice", XlValue.strings(names));
        }
    }
}
