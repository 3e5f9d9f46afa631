package io.virtkit.qemu.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.qemu.internal.QemuDomainObject.Run;
import io.virtkit.qemu.internal.command.QemuDeviceAddresses;
import io.virtkit.qemu.internal.command.QemuDiskHotplugArgs;
import io.virtkit.qemu.internal.qmp.QmpClient;
import io.virtkit.support.DeviceChanges;

/**
 * Attach and detach of a {@code <disk>} (libvirt's {@code qemuDomainAttachDeviceDiskLive} and the disk halves
 * of its config and detach paths): live, the disk's storage and format nodes ({@code blockdev-add}) and its
 * device ({@code device_add}, virtio on a free hotplug slot, SCSI on its controller); detached, the device
 * ({@code device_del}, waiting for QEMU to release it) and then its nodes. A {@code <disk type='volume'>} is
 * resolved through the storage driver as at start ({@link DiskVolumeSources}), for QEMU only: the live and the
 * persistent XML keep it as given, as libvirt's do, and a missing pool or volume or an inactive pool is refused
 * in the storage driver's and libvirt's words before anything changes. CD-ROMs and IDE/SATA disks are not
 * hot-plugged, as in libvirt.
 */
final class QemuDiskHotplug {

    private static final Pattern ROOT = Pattern.compile("^\\s*(?:<\\?xml[^>]*\\?>\\s*)?(?:<!--.*?-->\\s*)*<disk[\\s/>]",
            Pattern.DOTALL);
    private static final Pattern ANY_ROOT = Pattern.compile(
            "^\\s*(?:<\\?xml[^>]*\\?>\\s*)?(?:<!--.*?-->\\s*)*<([A-Za-z_][\\w.-]*)", Pattern.DOTALL);
    private static final Pattern NODE = Pattern.compile("^libvirt-(\\d+)-");

    private final QemuState state;

    QemuDiskHotplug(QemuState state) {
        this.state = state;
    }

    /** Whether {@code deviceXml} is a {@code <disk>}, which this class changes (else {@link QemuHotplug}). */
    static boolean isDisk(String deviceXml) {
        return deviceXml != null && ROOT.matcher(deviceXml).find();
    }

    /**
     * The disk half of {@link QemuHotplug#changeDevice} (in its MODIFY job): the live change made, the new
     * persistent definition returned (null when the config is not changed).
     */
    DomainDefinition change(QemuDomainObject d, Run run, DomainDefinition persistentDef, String deviceXml,
            boolean attach, DeviceChanges.Impact impact) {
        DiskDevice disk = parse(deviceXml);
        DomainDefinition config = null;
        if (impact.config()) {
            if (attach) {
                requireNewTarget(persistentDef, disk, ErrorCode.OPERATION_INVALID);
                resolve(persistentDef, disk); // libvirt checks the pool and volume for the config too
                config = QemuDeviceAddresses.assign(withDisks(persistentDef, plus(persistentDef, disk)));
            } else {
                List<DiskDevice> rest = new ArrayList<>(persistentDef.devices().disks());
                if (!rest.removeIf(x -> x.targetDev().equals(disk.targetDev()))) {
                    throw new VirtException(ErrorCode.DEVICE_MISSING, ErrorDomain.QEMU,
                            "no target device " + disk.targetDev());
                }
                config = withDisks(persistentDef, rest);
            }
        }
        if (impact.live()) {
            if (attach) {
                attachLive(d, run, disk, config == null ? null : addressIn(config, disk.targetDev()));
            } else {
                detachLive(d, run, disk);
            }
        }
        return config;
    }

    /**
     * virDomainUpdateDeviceFlags of a disk (in its MODIFY job): the persistent disk of that target replaced
     * (keeping its address and alias when the new one gives none); live, a CD-ROM's medium changed (a volume
     * resolved as at attach; no source ejects it), as libvirt's {@code qemuDomainChangeEjectableMedia}.
     */
    DomainDefinition update(QemuDomainObject d, Run run, DomainDefinition persistentDef, String deviceXml,
            DeviceChanges.Impact impact) {
        DiskDevice disk = parse(deviceXml);
        DomainDefinition config = null;
        if (impact.config()) {
            List<DiskDevice> disks = new ArrayList<>(persistentDef.devices().disks());
            int i = indexOf(disks, disk.targetDev());
            if (i < 0) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                        "target " + disk.targetDev() + " doesn't exist.");
            }
            resolve(persistentDef, disk);
            disks.set(i, keepPlace(disk, disks.get(i)));
            config = withDisks(persistentDef, disks);
        }
        if (impact.live()) {
            changeMedium(d, run, disk);
        }
        return config;
    }

    private void changeMedium(QemuDomainObject d, Run run, DiskDevice disk) {
        DiskDevice old;
        synchronized (d) {
            List<DiskDevice> live = run.liveDef.devices().disks();
            int i = indexOf(live, disk.targetDev());
            if (i < 0) {
                throw new VirtException(ErrorCode.DEVICE_MISSING, ErrorDomain.QEMU,
                        "disk " + disk.targetDev() + " not found");
            }
            old = live.get(i);
        }
        if (disk.device() != old.device()) {
            throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.QEMU,
                    "cannot modify field 'device' of the disk");
        }
        if (sameSource(disk, old)) {
            return;
        }
        if (old.device() != DiskDevice.Device.CDROM) {
            throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.QEMU,
                    "disk source can be changed only in removable drives");
        }
        DomainDefinition live;
        synchronized (d) {
            live = run.liveDef;
        }
        DiskDevice placed = keepPlace(disk, old);
        DiskDevice resolved = resolve(live, placed);
        String id = QemuDiskHotplugArgs.alias(old);
        QmpClient qmp = QemuHotplug.monitorOf(run);
        Duration timeout = state.settings().monitorTimeout();
        String oldFormat = formatNodeOf(qmp, id, timeout);
        QemuDiskHotplugArgs args = resolved.source() == null ? null
                : QemuDiskHotplugArgs.of(live, resolved, "libvirt-" + nextNode(qmp, timeout));
        // the new medium is given to QEMU's user before QEMU opens it; the old one goes back once ejected
        state.hostFiles().plugDisk(live.name(), resolved);
        try {
            if (args != null) { // the new medium's nodes first: a source QEMU cannot open leaves the old medium in
                addNodes(qmp, args, timeout);
            }
            try {
                qmp.execute("blockdev-open-tray", Map.of("id", id, "force", true), timeout);
                qmp.execute("blockdev-remove-medium", Map.of("id", id), timeout);
                if (args != null) {
                    qmp.execute("blockdev-insert-medium", Map.of("id", id, "node-name",
                            args.format().get("node-name")), timeout);
                    qmp.execute("blockdev-close-tray", Map.of("id", id), timeout);
                }
            } catch (RuntimeException e) {
                if (args != null) {
                    deleteNodes(qmp, (String) args.format().get("node-name"), timeout);
                }
                throw e;
            }
        } catch (RuntimeException e) {
            state.hostFiles().unplugDisk(live.name(), resolved);
            throw e;
        }
        if (oldFormat != null) {
            deleteNodes(qmp, oldFormat, timeout);
        }
        unplugQuietly(live, old);
        synchronized (d) {
            List<DiskDevice> disks = new ArrayList<>(run.liveDef.devices().disks());
            disks.set(indexOf(disks, disk.targetDev()), placed);
            run.liveDef = withDisks(run.liveDef, disks);
            state.writeStatus(d, run);
        }
    }

    /** {@code disk}'s file back to its owner; a volume no longer resolvable stays journalled until the run ends. */
    private void unplugQuietly(DomainDefinition live, DiskDevice disk) {
        try {
            state.hostFiles().unplugDisk(live.name(), resolve(live, disk));
        } catch (RuntimeException e) {
            // goes back when the run ends (the journal keeps it)
        }
    }

    private static boolean sameSource(DiskDevice a, DiskDevice b) {
        return a.type() == b.type() && java.util.Objects.equals(a.source(), b.source())
                && java.util.Objects.equals(a.sourceDetail() == null ? null : a.sourceDetail().pool(),
                        b.sourceDetail() == null ? null : b.sourceDetail().pool())
                && java.util.Objects.equals(a.sourceDetail() == null ? null : a.sourceDetail().volume(),
                        b.sourceDetail() == null ? null : b.sourceDetail().volume());
    }

    /** {@code updated} where {@code old} was: its address and alias when it gives none. */
    private static DiskDevice keepPlace(DiskDevice updated, DiskDevice old) {
        return updated.address() == null && updated.alias() == null ? updated.withInfo(old.info()) : updated;
    }

    private static int indexOf(List<DiskDevice> disks, String targetDev) {
        for (int i = 0; i < disks.size(); i++) {
            if (disks.get(i).targetDev().equals(targetDev)) {
                return i;
            }
        }
        return -1;
    }

    private static void addNodes(QmpClient qmp, QemuDiskHotplugArgs args, Duration timeout) {
        qmp.execute("blockdev-add", args.storage(), timeout);
        try {
            qmp.execute("blockdev-add", args.format(), timeout);
        } catch (RuntimeException e) {
            QemuHotplug.quietly(() -> qmp.execute("blockdev-del", Map.of("node-name",
                    args.storage().get("node-name")), timeout));
            throw e;
        }
    }

    /** Deletes a format node and the storage node under it ({@code libvirt-N-format}, {@code libvirt-N-storage}). */
    private static void deleteNodes(QmpClient qmp, String formatNode, Duration timeout) {
        QemuHotplug.quietly(() -> qmp.execute("blockdev-del", Map.of("node-name", formatNode), timeout));
        if (formatNode.endsWith("-format")) {
            String storage = formatNode.substring(0, formatNode.length() - "-format".length()) + "-storage";
            QemuHotplug.quietly(() -> qmp.execute("blockdev-del", Map.of("node-name", storage), timeout));
        }
    }

    /** The element name of a device XML ({@code disk}, {@code interface} …). */
    static String rootElement(String deviceXml) {
        Matcher m = ANY_ROOT.matcher(deviceXml == null ? "" : deviceXml);
        if (!m.find()) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.QEMU, "unknown device type");
        }
        return m.group(1);
    }

    private void attachLive(QemuDomainObject d, Run run, DiskDevice disk, DeviceAddress preferred) {
        if (disk.device() == DiskDevice.Device.CDROM || disk.device() == DiskDevice.Device.FLOPPY) {
            throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.QEMU,
                    "cdrom/floppy device hotplug isn't supported");
        }
        String bus = QemuDiskHotplugArgs.bus(disk);
        if (!bus.equals("virtio") && !bus.equals("scsi")) {
            throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.QEMU,
                    "disk bus '" + bus + "' cannot be hotplugged.");
        }
        DomainDefinition live;
        synchronized (d) {
            live = run.liveDef;
        }
        requireNewTarget(live, disk, ErrorCode.OPERATION_FAILED);
        DiskDevice placed = disk.withInfo(disk.info().withAlias(QemuDiskHotplugArgs.alias(disk)));
        if (bus.equals("virtio")) {
            DeviceAddress.Pci slot = QemuHotplugSlots.choose(live, disk.address(), preferred);
            if (slot == null) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, "live attach of virtio disk '"
                        + disk.targetDev() + "' needs a free hotplug slot (a pci-bridge on pc, an empty "
                        + "pcie-root-port on q35)");
            }
            placed = placed.withInfo(placed.info().withAddress(slot));
        } else {
            placed = placed.withInfo(placed.info().withAddress(QemuDiskHotplugArgs.driveAddress(disk)));
        }
        DiskDevice resolved = resolve(live, placed);
        QmpClient qmp = QemuHotplug.monitorOf(run);
        Duration timeout = state.settings().monitorTimeout();
        QemuDiskHotplugArgs args = QemuDiskHotplugArgs.of(live, resolved, "libvirt-" + nextNode(qmp, timeout));
        // given to QEMU's user before QEMU opens it, as at start; back when the plug fails
        state.hostFiles().plugDisk(live.name(), resolved);
        try {
            addNodes(qmp, args, timeout);
            try {
                qmp.execute("device_add", args.device(), timeout);
            } catch (RuntimeException e) {
                deleteNodes(qmp, (String) args.format().get("node-name"), timeout);
                throw e;
            }
        } catch (RuntimeException e) {
            state.hostFiles().unplugDisk(live.name(), resolved);
            throw e;
        }
        synchronized (d) {
            run.liveDef = withDisks(run.liveDef, plus(run.liveDef, placed));
            state.writeStatus(d, run);
        }
    }

    private void detachLive(QemuDomainObject d, Run run, DiskDevice wanted) {
        DiskDevice disk;
        synchronized (d) {
            disk = run.liveDef.devices().disks().stream().filter(x -> x.targetDev().equals(wanted.targetDev()))
                    .findFirst().orElseThrow(() -> new VirtException(ErrorCode.DEVICE_MISSING, ErrorDomain.QEMU,
                            "disk " + wanted.targetDev() + " not found"));
        }
        if (disk.device() == DiskDevice.Device.CDROM || disk.device() == DiskDevice.Device.FLOPPY) {
            throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.QEMU,
                    "disk device type '" + disk.device().name().toLowerCase() + "' cannot be detached");
        }
        String bus = QemuDiskHotplugArgs.bus(disk);
        if (!bus.equals("virtio") && !bus.equals("scsi")) {
            throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.QEMU,
                    "This type of disk cannot be hot unplugged");
        }
        String id = QemuDiskHotplugArgs.alias(disk);
        QmpClient qmp = QemuHotplug.monitorOf(run);
        Duration timeout = state.settings().monitorTimeout();
        String formatNode = formatNodeOf(qmp, id, timeout);
        QemuHotplug.unplug(d, run, qmp, id, timeout);
        if (formatNode != null) {
            // the nodes were added on their own (blockdev-add), so they outlive the device until deleted
            deleteNodes(qmp, formatNode, timeout);
        }
        DomainDefinition live;
        synchronized (d) {
            live = run.liveDef;
        }
        unplugQuietly(live, disk); // QEMU has let go: its file goes back
        synchronized (d) {
            List<DiskDevice> rest = new ArrayList<>(run.liveDef.devices().disks());
            rest.removeIf(x -> x.targetDev().equals(disk.targetDev()));
            run.liveDef = withDisks(run.liveDef, rest);
            state.writeStatus(d, run);
        }
    }

    /** The format node under device {@code id}, from QEMU's query-block (virtio's backend is a child device). */
    private static String formatNodeOf(QmpClient qmp, String id, Duration timeout) {
        for (JsonNode b : qmp.execute("query-block", Map.of(), timeout)) {
            String qdev = b.path("qdev").asText("");
            if (qdev.equals(id) || qdev.equals("/machine/peripheral/" + id + "/virtio-backend")) {
                String node = b.path("inserted").path("node-name").asText("");
                return node.isEmpty() ? null : node;
            }
        }
        return null;
    }

    /** One more than the highest {@code libvirt-N} block node QEMU has (start numbers its disks 1 … N). */
    private static int nextNode(QmpClient qmp, Duration timeout) {
        int max = 0;
        for (JsonNode n : qmp.execute("query-named-block-nodes", Map.of(), timeout)) {
            Matcher m = NODE.matcher(n.path("node-name").asText(""));
            if (m.find()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max + 1;
    }

    /** {@code disk} as QEMU opens it: a volume disk becomes the volume's file or device. */
    private DiskDevice resolve(DomainDefinition def, DiskDevice disk) {
        if (disk.type() != DiskDevice.Type.VOLUME) {
            return disk;
        }
        return state.resolveVolumes(withDisks(def, List.of(disk))).devices().disks().get(0);
    }

    private static void requireNewTarget(DomainDefinition def, DiskDevice disk, ErrorCode code) {
        if (def.devices().disks().stream().anyMatch(x -> x.targetDev().equals(disk.targetDev()))) {
            throw new VirtException(code, ErrorDomain.QEMU, "target " + disk.targetDev() + " already exists");
        }
    }

    private static DiskDevice parse(String deviceXml) {
        Matcher m = ROOT.matcher(deviceXml);
        if (!m.find()) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.QEMU, "unknown device type");
        }
        String body = deviceXml.substring(m.end() - "<disk ".length());
        DomainDefinition def = DomainXmlCodec.parse("<domain type='qemu'><name>device</name><memory>1024</memory>"
                + "<os><type>hvm</type></os><devices>" + body + "</devices></domain>");
        if (def.devices().disks().size() != 1) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.QEMU, "expected exactly one disk device");
        }
        return def.devices().disks().get(0);
    }

    private static DeviceAddress addressIn(DomainDefinition def, String targetDev) {
        return def.devices().disks().stream().filter(x -> x.targetDev().equals(targetDev)).findFirst()
                .map(DiskDevice::address).orElse(null);
    }

    private static List<DiskDevice> plus(DomainDefinition def, DiskDevice disk) {
        List<DiskDevice> disks = new ArrayList<>(def.devices().disks());
        disks.add(disk);
        return disks;
    }

    private static DomainDefinition withDisks(DomainDefinition def, List<DiskDevice> disks) {
        return def.withDevices(def.devices().toBuilder().disks(disks).build());
    }

}
