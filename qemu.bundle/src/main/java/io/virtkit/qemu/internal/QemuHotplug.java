package io.virtkit.qemu.internal;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.support.DeviceChanges;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.support.net.ConnectedTap;
import io.virtkit.support.net.TapProvider;
import io.virtkit.qemu.internal.QemuDomainObject.Run;
import io.virtkit.qemu.internal.command.QemuCommandLine;
import io.virtkit.qemu.internal.command.QemuDeviceAddresses;
import io.virtkit.qemu.internal.command.QemuDeviceAliases;
import io.virtkit.qemu.internal.qmp.QmpClient;
import io.virtkit.qemu.internal.qmp.QmpFdChannel;

/**
 * Device attach and detach (libvirt's {@code qemu_hotplug.c}) for {@code <interface>} (and {@code <disk>}, handed to
 * {@link QemuDiskHotplug}): the live change over
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

    private final QemuDiskHotplug disks;

    QemuHotplug(QemuState state) {
        this.state = state;
        this.settings = state.settings();
        this.disks = new QemuDiskHotplug(state);
    }

    /** How long a live detach waits for QEMU's DEVICE_DELETED (the guest must release the device). */
    static final Duration DEVICE_REMOVAL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * virDomainAttachDeviceFlags / virDomainDetachDeviceFlags for {@code <interface>} and {@code <disk>}: the
     * live change first, then the persistent one is saved, as libvirt orders them; a failure leaves both alone.
     */
    void changeDevice(QemuDomainObject d, String deviceXml, boolean attach, Set<DeviceModifyFlag> flags) {
        inJob(d, attach ? "virDomainAttachDeviceFlags" : "virDomainDetachDeviceFlags", flags,
                (run, persistentDef, impact) -> QemuDiskHotplug.isDisk(deviceXml)
                        ? disks.change(d, run, persistentDef, deviceXml, attach, impact)
                        : changeInterface(d, run, persistentDef, deviceXml, attach, impact));
    }

    /**
     * virDomainUpdateDeviceFlags: a disk's medium or definition ({@link QemuDiskHotplug#update}); other devices
     * are refused in libvirt's words.
     */
    void updateDevice(QemuDomainObject d, String deviceXml, Set<DeviceModifyFlag> flags) {
        inJob(d, "virDomainUpdateDeviceFlags", flags, (run, persistentDef, impact) -> {
            if (!QemuDiskHotplug.isDisk(deviceXml)) {
                String root = QemuDiskHotplug.rootElement(deviceXml);
                throw impact.live()
                        ? new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.QEMU,
                                "live update of device '" + root + "' is not supported")
                        : new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                                "persistent update of device '" + root + "' is not supported");
            }
            return disks.update(d, run, persistentDef, deviceXml, impact);
        });
    }

    /** A device change: its live half made, the new persistent definition returned (null: config unchanged). */
    private interface Change {
        DomainDefinition apply(Run run, DomainDefinition persistentDef, DeviceChanges.Impact impact);
    }

    /** Runs {@code change} as a {@link QemuDefinitionJob}, with where the change applies resolved first. */
    private void inJob(QemuDomainObject d, String function, Set<DeviceModifyFlag> flags, Change change) {
        QemuDefinitionJob.run(state, d, function, (run, persistentDef) -> change.apply(run, persistentDef,
                DeviceChanges.impact(run != null, d.isPersistent(), flags)));
    }

    /** The interface half of {@link #changeDevice}: the live change made, the new persistent definition or null. */
    private DomainDefinition changeInterface(QemuDomainObject d, Run run, DomainDefinition persistentDef,
            String deviceXml, boolean attach, DeviceChanges.Impact impact) {
        DeviceChanges.InterfaceChange change = DeviceChanges.parseInterface(deviceXml, attach, impact,
                ErrorDomain.QEMU);
        DomainDefinition config = null;
        if (impact.config()) {
            config = withInterfaces(persistentDef, attach
                    ? DeviceChanges.withInterface(persistentDef.devices().interfaces(), change.device(),
                            ErrorDomain.QEMU)
                    : without(persistentDef.devices().interfaces(), change));
            if (attach) {
                QemuCommandLine.hotplugNic(config, change.device()); // model and MTU checks
                // as at define: the new NIC gets its address now, for good (and a bridge or root port)
                config = QemuDeviceAddresses.assign(config);
            }
        }
        if (impact.live()) {
            if (attach) {
                attachLive(d, run, change, config == null ? null : addressIn(config, change.device().mac()));
            } else {
                detachLive(d, run, change);
            }
        }
        return config;
    }

    private static DeviceAddress addressIn(DomainDefinition def, String mac) {
        return def.devices().interfaces().stream().filter(i -> i.mac().equals(mac)).findFirst()
                .map(InterfaceDevice::address).orElse(null);
    }

    private static List<InterfaceDevice> without(List<InterfaceDevice> interfaces,
            DeviceChanges.InterfaceChange change) {
        List<InterfaceDevice> rest = new ArrayList<>(interfaces);
        rest.remove(DeviceChanges.find(rest, change, ErrorDomain.QEMU));
        return rest;
    }

    private static DomainDefinition withInterfaces(DomainDefinition def, List<InterfaceDevice> interfaces) {
        return def.withDevices(def.devices().toBuilder().interfaces(interfaces).build());
    }

    /** The running domain's monitor, or libvirt's error when it is gone. */
    static QmpClient monitorOf(Run run) {
        QmpClient qmp = run.qmp;
        if (qmp == null || !qmp.isConnected()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU, "monitor must not be NULL");
        }
        return qmp;
    }

    /**
     * The live half of an attach: the NIC gets the lowest free {@code netN} alias (or keeps its user alias) and
     * a slot on the start-time bridge (pc) or an empty root port (q35): the one it asked for, else the one its
     * persistent twin got ({@code preferred}) when free, else the first free one; QEMU gets it there under
     * its alias, and the live XML and the status file record both.
     */
    private void attachLive(QemuDomainObject d, Run run, DeviceChanges.InterfaceChange change,
            DeviceAddress preferred) {
        InterfaceDevice iface = change.device();
        DomainDefinition live;
        String alias;
        DeviceAddress.Pci address;
        synchronized (d) {
            live = run.liveDef;
            DeviceChanges.withInterface(live.devices().interfaces(), iface, ErrorDomain.QEMU); // MAC in use?
            alias = iface.alias() != null ? iface.alias() : QemuDeviceAliases.nextNicAlias(live.devices().interfaces());
            address = QemuHotplugSlots.choose(live, iface.address(), preferred);
        }
        QmpClient qmp = monitorOf(run);
        Duration timeout = settings.monitorTimeout();
        boolean tap = QemuCommandLine.isTap(iface);
        TapProvider taps = tap ? state.tapProvider().get() : null;
        if (tap && taps == null) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, "interface type '"
                    + iface.type().xmlName() + "' needs Virtkit's netdev feature (virtkit-netdev), which is not installed");
        }
        Path fdPass = QemuCommandLine.fdPassSocket(run.monitor);
        if (address == null || tap && !Files.exists(fdPass)) {
            // the hotplug bus (pc's root bus takes none without ACPI) and the fd-passing monitor are only
            // there when the domain started with a TAP NIC: refuse rather than guess at another bus
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, "live attach of an interface "
                    + "of type '" + iface.type().xmlName() + "' needs a domain started with at least one interface "
                    + "of type network, bridge or ethernet (and a free hotplug slot)");
        }
        InterfaceDevice placed = iface.withInfo(iface.info().withAlias(alias).withAddress(address));
        QemuCommandLine.TapNic nic = QemuCommandLine.hotplugNic(live, placed);
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
        InterfaceDevice added = placed.toBuilder().targetDev(targetDev).build();
        synchronized (d) {
            List<InterfaceDevice> nics = new ArrayList<>(run.liveDef.devices().interfaces());
            nics.add(added);
            run.liveDef = withInterfaces(run.liveDef, nics);
            state.writeStatus(d, run);
        }
    }

    private void detachLive(QemuDomainObject d, Run run, DeviceChanges.InterfaceChange change) {
        InterfaceDevice nic;
        synchronized (d) {
            List<InterfaceDevice> nics = run.liveDef.devices().interfaces();
            nic = nics.get(DeviceChanges.find(nics, change, ErrorDomain.QEMU));
        }
        QmpClient qmp = monitorOf(run);
        Duration timeout = settings.monitorTimeout();
        // QEMU knows the NIC by its alias (recorded in the live XML and the status file), never by position
        String deviceId = nic.alias();
        if (deviceId == null) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU,
                    "device alias not found for interface " + nic.mac());
        }
        unplug(d, run, qmp, deviceId, timeout);
        // the netdev went on the monitor its descriptor came in on; netdev_del works from either
        qmp.execute("netdev_del", Map.of("id", "host" + deviceId), timeout);
        synchronized (d) {
            List<InterfaceDevice> nics = new ArrayList<>(run.liveDef.devices().interfaces());
            nics.remove(nic);
            run.liveDef = withInterfaces(run.liveDef, nics);
            state.writeStatus(d, run);
        }
    }

    /** device_del of {@code deviceId}, then the wait for QEMU's DEVICE_DELETED (the guest's release). */
    static void unplug(QemuDomainObject d, Run run, QmpClient qmp, String deviceId, Duration timeout) {
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
    }

    static void quietly(Runnable cleanup) {
        try {
            cleanup.run();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "cleanup after a failed hotplug failed: " + e.getMessage());
        }
    }
}
