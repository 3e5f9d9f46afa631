package io.virtkit.qemu.internal.command;

import io.virtkit.model.domain.AuxiliaryDevices;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.domain.RngDevice;
import io.virtkit.model.domain.WatchdogDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Aliases and PCI slots of the auxiliary devices (parallel ports, channels, RNGs, balloon, watchdogs, panic),
 * as libvirt names and places them: {@code parallel0}, {@code channel0}, {@code rng0}, {@code balloon0},
 * {@code watchdog0}; the virtio balloon, virtio RNGs and an i6300esb watchdog each on a root-bus slot.
 */
final class QemuAuxiliaryDevices {

    private QemuAuxiliaryDevices() {
    }

    static AuxiliaryDevices withAliases(AuxiliaryDevices a) {
        List<CharDevice> parallels = new ArrayList<>(a.parallels());
        for (int n = 0; n < parallels.size(); n++) {
            CharDevice p = parallels.get(n);
            parallels.set(n, p.alias() != null ? p : p.withInfo(p.info().withAlias("parallel" + n)));
        }
        List<CharDevice> channels = new ArrayList<>(a.channels());
        for (int n = 0; n < channels.size(); n++) {
            CharDevice c = channels.get(n);
            channels.set(n, c.alias() != null ? c : c.withInfo(c.info().withAlias("channel" + n)));
        }
        List<RngDevice> rngs = new ArrayList<>(a.rngs());
        for (int n = 0; n < rngs.size(); n++) {
            RngDevice r = rngs.get(n);
            rngs.set(n, r.info().alias() != null ? r : r.withInfo(r.info().withAlias("rng" + n)));
        }
        List<WatchdogDevice> watchdogs = new ArrayList<>(a.watchdogs());
        for (int n = 0; n < watchdogs.size(); n++) {
            WatchdogDevice w = watchdogs.get(n);
            watchdogs.set(n, w.info().alias() != null ? w : w.withInfo(w.info().withAlias("watchdog" + n)));
        }
        AuxiliaryDevices out = a.withParallels(parallels).withChannels(channels).withRngs(rngs)
                .withWatchdogs(watchdogs);
        if (a.memballoon() != null && a.memballoon().info().alias() == null) {
            out = out.withMemballoon(a.memballoon().withInfo(a.memballoon().info().withAlias("balloon0")));
        }
        return out;
    }

    /** Whether the balloon is a PCI device (every model but {@code none} and {@code xen}). */
    static boolean balloonOnPci(AuxiliaryDevices a) {
        return a.memballoon() != null && a.memballoon().model().startsWith("virtio");
    }

    /** {@code a} with a root-bus slot ({@code rootSlot}) for each of its PCI devices that has none. */
    static AuxiliaryDevices withPciSlots(AuxiliaryDevices a, UnaryOperator<DeviceInfo> rootSlot) {
        AuxiliaryDevices out = a;
        if (balloonOnPci(a)) {
            out = out.withMemballoon(a.memballoon().withInfo(rootSlot.apply(a.memballoon().info())));
        }
        List<RngDevice> rngs = new ArrayList<>(a.rngs());
        rngs.replaceAll(r -> r.withInfo(rootSlot.apply(r.info())));
        List<WatchdogDevice> watchdogs = new ArrayList<>(a.watchdogs());
        watchdogs.replaceAll(w -> w.model().equals("i6300esb") ? w.withInfo(rootSlot.apply(w.info())) : w);
        return out.withRngs(rngs).withWatchdogs(watchdogs);
    }
}
