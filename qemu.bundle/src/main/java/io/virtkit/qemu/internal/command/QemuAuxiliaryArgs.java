package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.escape;

import io.virtkit.model.domain.AuxiliaryDevices;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.MemballoonDevice;
import io.virtkit.model.domain.PanicDevice;
import io.virtkit.model.domain.RngDevice;
import io.virtkit.model.domain.WatchdogDevice;
import java.util.List;

/**
 * The balloon ({@code virtio-balloon-pci}), RNGs (an {@code rng-random}, {@code rng-builtin} or {@code rng-egd}
 * object and a {@code virtio-rng-pci}), watchdogs ({@code i6300esb}, {@code ib700} and {@code -action
 * watchdog=}) and the ISA panic notifier ({@code pvpanic}). What this driver cannot run is refused before, by
 * {@link QemuChardevSupport}.
 */
final class QemuAuxiliaryArgs {

    /** The ISA pvpanic port QEMU and libvirt use when the XML gives none. */
    static final int PVPANIC_IOPORT = 0x505;

    private QemuAuxiliaryArgs() {
    }

    static void add(QemuArgv a) {
        AuxiliaryDevices aux = a.def.devices().auxiliary();
        List<WatchdogDevice> watchdogs = aux.watchdogs();
        for (WatchdogDevice w : watchdogs) {
            String id = escape(w.info().alias() == null ? "watchdog0" : w.info().alias());
            a.add("-device", w.model().equals("i6300esb") ? "i6300esb,id=" + id + a.slots.of(w.info(), a)
                    : w.model() + ",id=" + id);
        }
        if (!watchdogs.isEmpty()) {
            a.add("-action", "watchdog=" + watchdogs.get(0).action());
        }
        MemballoonDevice balloon = aux.memballoon();
        if (QemuAuxiliaryDevices.balloonOnPci(aux)) {
            a.add("-device", balloonDevice(balloon) + ",id=" + escape(alias(balloon.info().alias(), "balloon0"))
                    + a.slots.of(balloon.info(), a)
                    + (balloon.autodeflate() == null ? "" : ",deflate-on-oom=" + balloon.autodeflate())
                    + (balloon.freePageReporting() == null ? ""
                            : ",free-page-reporting=" + balloon.freePageReporting()));
        }
        for (int n = 0; n < aux.rngs().size(); n++) {
            rng(a, aux.rngs().get(n), n);
        }
        for (PanicDevice p : aux.panics()) {
            int port = p.info().address() instanceof DeviceAddress.Isa isa && isa.iobase() > 0 ? isa.iobase()
                    : PVPANIC_IOPORT;
            a.add("-device", "pvpanic,ioport=" + port);
        }
    }

    private static String balloonDevice(MemballoonDevice b) {
        return switch (b.model()) {
            case "virtio-transitional" -> "virtio-balloon-pci-transitional";
            case "virtio-non-transitional" -> "virtio-balloon-pci-non-transitional";
            default -> "virtio-balloon-pci";
        };
    }

    private static void rng(QemuArgv a, RngDevice r, int n) {
        String id = escape(alias(r.info().alias(), "rng" + n));
        String object = "obj" + id;
        switch (r.backendModel()) {
            case "random" -> a.add("-object", "rng-random,id=" + object + ",filename="
                    + escape(r.randomSource() == null ? "/dev/urandom" : r.randomSource()));
            case "egd" -> {
                a.add("-chardev", QemuCharArgs.chardev(r.egdSource(), "char" + id));
                a.add("-object", "rng-egd,id=" + object + ",chardev=char" + id);
            }
            default -> a.add("-object", "rng-builtin,id=" + object);
        }
        String device = switch (r.model()) {
            case "virtio-transitional" -> "virtio-rng-pci-transitional";
            case "virtio-non-transitional" -> "virtio-rng-pci-non-transitional";
            default -> "virtio-rng-pci";
        };
        StringBuilder dev = new StringBuilder(device).append(",rng=").append(object).append(",id=").append(id);
        if (r.rateBytes() != null) {
            // as libvirt: a rate without a period is per second
            dev.append(",max-bytes=").append(r.rateBytes()).append(",period=")
                    .append(r.ratePeriod() == null ? 1000 : r.ratePeriod());
        }
        a.add("-device", dev + a.slots.of(r.info(), a));
    }

    private static String alias(String alias, String fallback) {
        return alias == null ? fallback : alias;
    }
}
