package io.virtkit.xen.internal.xl;

import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.HostdevDevice;
import io.virtkit.model.domain.SoundDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * The passed-through and emulated extras with libvirt's rules: host PCI devices,
 * {@code pci = [ '[DOMAIN:]BUS:SLOT.FUNC[,permissive=N]' ]} (xenParsePCI, xenFormatPCI), and an HVM guest's
 * {@code soundhw} models (xenParseSxprSound, xenFormatSound).
 */
final class XlPciAndSound {
    /** libvirt's sound models, in its order (the first two are what {@code soundhw = "all"} means). */
    private static final List<String> SOUND_MODELS = List.of("sb16", "es1370", "pcspk", "ac97", "ich6", "ich9",
            "usb", "ich7", "virtio");

    private XlPciAndSound() {
    }

    static List<HostdevDevice> parsePci(XlEntries xl) {
        List<HostdevDevice> hostdevs = new ArrayList<>();
        List<String> entries = xl.list("pci");
        if (entries != null) {
            for (String entry : entries) {
                hostdevs.add(parsePci(entry));
            }
        }
        return hostdevs;
    }

    private static HostdevDevice parsePci(String entry) {
        String[] tokens = entry.split(":", 3);
        int next = 0;
        int domain = tokens.length == 3 ? hex(tokens[next++], entry) : 0;
        int bus = hex(tokens[next++], entry);
        if (next >= tokens.length) {
            throw XlErrors.internal("Malformed PCI address " + entry);
        }
        String rest = tokens[next];
        int dot = rest.indexOf('.');
        if (dot < 0) {
            throw XlErrors.internal("Malformed PCI address " + rest);
        }
        int slot = hex(rest.substring(0, dot), entry);
        String funcAndOptions = rest.substring(dot + 1);
        int comma = funcAndOptions.indexOf(',');
        int function = hex(comma < 0 ? funcAndOptions : funcAndOptions.substring(0, comma), entry);
        Boolean writeFiltering = null;
        if (comma >= 0) {
            String options = funcAndOptions.substring(comma + 1);
            for (String option : options.split(",")) {
                if (option.isEmpty()) {
                    continue;
                }
                int equals = option.indexOf('=');
                if (equals < 0) {
                    throw XlErrors.internal("Malformed PCI options " + options);
                }
                if (option.substring(0, equals).equals("permissive")) {
                    try {
                        // xl.cfg(5): 0 is false, any other number true
                        writeFiltering = Integer.parseInt(option.substring(equals + 1)) == 0;
                    } catch (NumberFormatException e) {
                        throw XlErrors.internal("Malformed PCI options " + options);
                    }
                }
            }
        }
        return new HostdevDevice("subsystem", "pci", false, null, null, null, null, null, null, null, null,
                writeFiltering, new DeviceAddress.Pci(domain, bus, slot, function, null), null, null, null, null,
                null, null, null, null, null, null, null, null, false, false, null, null, null, null);
    }

    private static int hex(String text, String entry) {
        try {
            return Integer.parseInt(text.strip(), 16);
        } catch (NumberFormatException e) {
            throw XlErrors.internal("Malformed PCI address " + entry);
        }
    }

    static void formatPci(List<HostdevDevice> hostdevs, XlConfig out) {
        List<String> entries = new ArrayList<>();
        for (HostdevDevice dev : hostdevs) {
            if (!"subsystem".equals(dev.mode()) || !"pci".equals(dev.type()) || dev.pciAddress() == null) {
                continue;
            }
            DeviceAddress.Pci pci = dev.pciAddress();
            String permissive = dev.writeFiltering() == null ? "" : dev.writeFiltering() ? ",permissive=0"
                    : ",permissive=1";
            entries.add(String.format("%04x:%02x:%02x.%x%s", pci.domain(), pci.bus(), pci.slot(), pci.function(),
                    permissive));
        }
        if (!entries.isEmpty()) {
            out.set("pci", XlValue.strings(entries));
        }
    }

    /** An HVM guest's sound cards. */
    static List<SoundDevice> parseSound(XlEntries xl) {
        List<SoundDevice> sounds = new ArrayList<>();
        String soundhw = xl.string("soundhw", null);
        if (soundhw == null) {
            return sounds;
        }
        if (soundhw.equals("all")) {
            // Xen's old "all": only the two models its QEMU once had
            sounds.add(new SoundDevice("sb16", List.of(), null, null));
            sounds.add(new SoundDevice("es1370", List.of(), null, null));
            return sounds;
        }
        for (String model : soundhw.split(",", -1)) {
            if (model.length() >= 10) {
                throw XlErrors.internal("Sound model " + model + " too big for destination");
            }
            if (!SOUND_MODELS.contains(model)) {
                throw XlErrors.internal("unknown sound model '" + model + "'");
            }
            sounds.add(new SoundDevice(model, List.of(), null, null));
        }
        return sounds;
    }

    static void formatSound(List<SoundDevice> sounds, boolean hvm, XlConfig out) {
        if (hvm && !sounds.isEmpty()) {
            out.set("soundhw", String.join(",", sounds.stream().map(SoundDevice::model).toList()));
        }
    }
}
