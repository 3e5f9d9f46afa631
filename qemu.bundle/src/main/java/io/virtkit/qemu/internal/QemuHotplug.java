package io.virtkit.qemu.internal;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.support.DeviceChanges;
import io.virtkit.support.DomainJobs;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.support.net.ConnectedTap;
import io.virtkit.support.net.TapProvider;
import io.virtkit.qemu.internal.QemuDomainObject.Run;
import io.virtkit.qemu.internal.command.QemuCommandLine;
import io.virtkit.qemu.internal.command.QemuPciAddresses;
import io.virtkit.qemu.internal.qmp.QmpClient;
import io.virtkit.qemu.internal.qmp.QmpFdChannel;

/**
 * Device attach and detach (libvirt's {@code qemu_hotplug.c}) for {@code <interface>}: the live change over
 * QMP (TAP descriptor passing, netdev_add/device_add; device_del and waiting for the guest to release the
 * device), then the persistent one.
 *
 * <p>Locks: see {@link QemuState}; QMP round trips and the wait for DEVICE_DELETED hold no monitor (the
 * wait releases it in {@code wait()}).
 */
final class QemuHotplug {

    private static final System.Logger LOG = System.getLogger(QemuHotplug.class.getName());

    private final QemuState state;
    private final QemuDriverSettings settings;

    QemuHotplug(QemuState state) {
        this.state = state;
        this.settings = state.settings();
    }

    /** How long a live detach waits for QEMU's DEVICE_DELETED (the guest must release the device). */
    static final Duration DEVICE_REMOVAL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * virDomainAttachDeviceFlags / virDomainDetachDeviceFlags for {@code <interface>}: the live change
     * first, then the persistent one is saved, as libvirt orders them; a failure leaves both alone. A MODIFY
     * job from the read of the persistent definition to its save: a concurrent define (MODIFY too) runs
     * before or after, never in between (which would lose its update).
     */
    void changeDevice(QemuDomainObject d, String deviceXml, boolean attach, Set<DeviceModifyFlag> flags) {
        try (DomainJobs.Job job = d.jobs.begin(DomainJobs.Kind.MODIFY,
                attach ? "virDomainAttachDeviceFlags" : "virDomainDetachDeviceFlags")) {
            Run run;
            DomainDefinition persistentDef;
            synchronized (d) {
                run = d.run != null && !d.run.finished ? d.run : null;
                persistentDef = d.definition();
            }
            DeviceChanges.Impact impact = DeviceChanges.impact(run != null, d.isPersistent(), flags);
            DeviceChanges.InterfaceChange change = DeviceChanges.parseInterface(deviceXml, attach, impact,
                    ErrorDomain.QEMU);
            DomainDefinition config = null;
            if (impact.config()) {
                config = withInterfaces(persistentDef, attach
                        ? DeviceChanges.withInterface(persistentDef.devices().interfaces(), change.device(),
                                ErrorDomain.QEMU)
                        : without(persistentDef.devices().interfaces(), change));
                if (attach) {
                    QemuCommandLine.hotplugNic(config, change.device(), 0, null, null); // model and MTU checks
                    // as at define: a NIC the next start puts on the root bus gets its slot now, for good
                    config = QemuPciAddresses.assign(config);
                }
            }
            if (impact.live()) {
                if (attach) {
                    attachLive(d, run, change);
                } else {
                    detachLive(d, run, change);
                }
            }
            if (config != null) {
                state.configDir().save(config); // the job keeps it ours; the file I/O holds no monitor
                synchronized (d) {
                    d.setDefinition(config);
                }
            }
        }
    }

    private static List<InterfaceDevice> without(List<InterfaceDevice> interfaces,
            DeviceChanges.InterfaceChange change) {
        List<InterfaceDevice> rest = new ArrayList<>(interfaces);
        rest.remove(DeviceChanges.find(rest, change, ErrorDomain.QEMU));
        return rest;
    }

    private static DomainDefinition withInterfaces(DomainDefinition def, List<InterfaceDevice> interfaces) {
        DomainDevices dev = def.devices();
        return def.withDevices(new DomainDevices(dev.emulator(), dev.disks(), dev.filesystems(), interfaces,
                dev.serials(), dev.consoles(), dev.graphics()));
    }

    /**
     * The N of hostnetN/netN (the device alias) of each interface of the run, by MAC; holds {@code d}'s
     * monitor. Hot-unplug addresses a NIC by it, never by its position in the list.
     */
    static Map<String, Integer> nicIds(Run run) {
        if (run.nicIds == null) {
            // before the first hotplug the live NICs are the started ones, placed as QemuCommandLine places them
            Map<String, Integer> ids = new HashMap<>();
            List<InterfaceDevice> nics = run.liveDef.devices().interfaces();
            for (int n = 0; n < nics.size(); n++) {
                ids.put(nics.get(n).mac(), n);
            }
            Map<String, String> slots = new HashMap<>();
            List<String> all = new ArrayList<>();
            for (QemuCommandLine.TapNic t : QemuCommandLine.tapNics(run.liveDef)) {
                slots.put(t.mac(), t.bus() + "/" + t.addr());
                if (t.bus().equals(QemuCommandLine.TAP_BRIDGE)) {
                    if (all.isEmpty()) {
                        for (int slot = 1; slot < 32; slot++) {
                            all.add(t.bus() + "/0x" + Integer.toHexString(slot));
                        }
                    }
                } else {
                    all.add(t.bus() + "/" + t.addr());
                }
            }
            run.nicSlots = slots;
            run.hotplugSlots = all;
            run.nicIds = ids;
        }
        return run.nicIds;
    }

    private QmpClient monitorOf(Run run) {
        QmpClient qmp = run.qmp;
        if (qmp == null || !qmp.isConnected()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU, "monitor must not be NULL");
        }
        return qmp;
    }

    private void attachLive(QemuDomainObject d, Run run, DeviceChanges.InterfaceChange change) {
        InterfaceDevice iface = change.device();
        DomainDefinition live;
        int n = 0;
        synchronized (d) {
            live = run.liveDef;
            DeviceChanges.withInterface(live.devices().interfaces(), iface, ErrorDomain.QEMU); // MAC in use?
            while (nicIds(run).containsValue(n)) {
                n++;
            }
        }
        QmpClient qmp = monitorOf(run);
        Duration timeout = settings.monitorTimeout();
        boolean tap = QemuCommandLine.isTap(iface);
        TapProvider taps = tap ? state.tapProvider().get() : null;
        if (tap && taps == null) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, "interface type '"
                    + iface.type().xmlName() + "' needs Virtkit's netdev feature (virtkit-netdev), which is not installed");
        }
        String[] slot;
        synchronized (d) {
            slot = freeHotplugSlot(run);
        }
        Path fdPass = QemuCommandLine.fdPassSocket(run.monitor);
        if (slot == null || tap && !Files.exists(fdPass)) {
            // the hotplug bus (pc's root bus takes none without ACPI) and the fd-passing monitor are only
            // there when the domain started with a TAP NIC: refuse rather than guess at another bus
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, "live attach of an interface "
                    + "of type '" + iface.type().xmlName() + "' needs a domain started with at least one interface "
                    + "of type network, bridge or ethernet (and a free hotplug slot)");
        }
        QemuCommandLine.TapNic nic = QemuCommandLine.hotplugNic(live, iface, n,
                slot == null ? null : slot[0], slot == null ? null : slot[1]);
        String targetDev = iface.targetDev();
        if (tap) {
            try (QmpFdChannel channel = QmpFdChannel.connect(fdPass, timeout);
                    ConnectedTap connected = taps.connect(iface, nic.virtio())) {
                channel.passFd(connected.fd(), nic.netdevId(), timeout);
                try {
                    channel.execute("netdev_add", Map.of("type", "tap", "id", nic.netdevId(),
                            "fd", nic.netdevId(), "vhost", false), timeout);
                } catch (RuntimeException e) {
                    quietly(() -> channel.closeFd(nic.netdevId(), timeout));
                    throw e;
                }
                try {
                    qmp.execute("device_add", nic.deviceArgs(), timeout);
                } catch (RuntimeException e) {
                    quietly(() -> channel.execute("netdev_del", Map.of("id", nic.netdevId()), timeout));
                    throw e;
                }
                targetDev = connected.name();
            }
        } else {
            qmp.execute("netdev_add", Map.of("type", "user", "id", nic.netdevId()), timeout);
            try {
                qmp.execute("device_add", nic.deviceArgs(), timeout);
            } catch (RuntimeException e) {
                quietly(() -> qmp.execute("netdev_del", Map.of("id", nic.netdevId()), timeout));
                throw e;
            }
        }
        InterfaceDevice added = new InterfaceDevice(iface.type(), iface.mac(), iface.source(), targetDev,
                iface.targetManaged(), iface.model(), iface.mtu());
        synchronized (d) {
            nicIds(run).put(iface.mac(), n);
            if (slot != null) {
                run.nicSlots.put(iface.mac(), slot[0] + "/" + slot[1]);
            }
            List<InterfaceDevice> nics = new ArrayList<>(run.liveDef.devices().interfaces());
            nics.add(added);
            run.liveDef = withInterfaces(run.liveDef, nics);
            state.writeStatus(d, run);
        }
    }

    /**
     * A free slot for a hot-plugged NIC, as {bus, addr}: one of the start-time bridge (pc) or an emptied
     * TAP root port (q35); null when there is none. Tracked here because QEMU's query-pci cannot see behind
     * a bridge the firmware has not numbered yet (a guest still at -S). Holds {@code d}'s monitor.
     */
    private static String[] freeHotplugSlot(Run run) {
        nicIds(run);
        for (String slot : run.hotplugSlots) {
            if (!run.nicSlots.containsValue(slot)) {
                return slot.split("/", 2);
            }
        }
        return null;
    }

    private void detachLive(QemuDomainObject d, Run run, DeviceChanges.InterfaceChange change) {
        InterfaceDevice nic;
        int n;
        synchronized (d) {
            List<InterfaceDevice> nics = run.liveDef.devices().interfaces();
            nic = nics.get(DeviceChanges.find(nics, change, ErrorDomain.QEMU));
            n = nicIds(run).get(nic.mac());
        }
        QmpClient qmp = monitorOf(run);
        Duration timeout = settings.monitorTimeout();
        String deviceId = "net" + n;
        synchronized (d) {
            run.deletedDevices.remove(deviceId);
        }
        qmp.execute("device_del", Map.of("id", deviceId), timeout);
        long deadline = System.nanoTime() + DEVICE_REMOVAL_TIMEOUT.toNanos();
        synchronized (d) {
            while (!run.deletedDevices.remove(deviceId)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || run.finished) {
                    // QEMU still has the device: the guest never released it (ACPI/SHPC unplug needs its help)
                    throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                            "timed out waiting for the guest to release device '" + deviceId + "'");
                }
                try {
                    d.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU, "interrupted", e);
                }
            }
        }
        // the netdev went on the monitor its descriptor came in on; netdev_del works from either
        qmp.execute("netdev_del", Map.of("id", "hostnet" + n), timeout);
        synchronized (d) {
            nicIds(run).remove(nic.mac());
            run.nicSlots.remove(nic.mac());
            List<InterfaceDevice> nics = new ArrayList<>(run.liveDef.devices().interfaces());
            nics.remove(nic);
            run.liveDef = withInterfaces(run.liveDef, nics);
            state.writeStatus(d, run);
        }
    }

    private static void quietly(Runnable cleanup) {
        try {
            cleanup.run();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "cleanup after a failed hotplug failed: " + e.getMessage());
        }
    }
}
