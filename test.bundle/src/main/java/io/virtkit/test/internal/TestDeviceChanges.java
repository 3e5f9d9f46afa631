package io.virtkit.test.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.support.DeviceChanges;

/**
 * Device attach, detach and update on a test domain. The test driver has no real devices, so a change is only a
 * change of the live and/or persistent definition: {@code <interface>}s and {@code <disk>}s can be attached and
 * detached (a disk by its target), and a CD-ROM's or floppy's medium changed by update.
 */
final class TestDeviceChanges {

    private static final Pattern DISK = Pattern.compile("^\\s*(?:<\\?xml[^>]*\\?>\\s*)?(?:<!--.*?-->\\s*)*<disk[\\s/>]",
            Pattern.DOTALL);

    private TestDeviceChanges() {
    }

    /**
     * Adds ({@code attach}) or removes an {@code <interface>} or {@code <disk>} in the definitions {@code flags}
     * select; a failure leaves both untouched. Called under the domains' lock.
     */
    static void apply(DomainObject d, String deviceXml, boolean attach, Set<DeviceModifyFlag> flags) {
        DeviceChanges.Impact impact = DeviceChanges.impact(d.isActive(), d.persistent, flags);
        UnaryOperator<DomainDefinition> change;
        if (deviceXml != null && DISK.matcher(deviceXml).find()) {
            DiskDevice disk = parseDisk(deviceXml);
            change = attach ? def -> withDiskAdded(def, disk) : def -> withDiskRemoved(def, disk);
        } else {
            DeviceChanges.InterfaceChange nic = DeviceChanges.parseInterface(deviceXml, attach, impact,
                    ErrorDomain.TEST);
            change = def -> withInterface(def, nic, attach);
        }
        change(d, impact, change);
    }

    /**
     * Replaces the disk {@code deviceXml} names by its target with it, libvirt's update-device; only a CD-ROM's
     * or floppy's medium may differ.
     */
    static void update(DomainObject d, String deviceXml, Set<DeviceModifyFlag> flags) {
        DeviceChanges.Impact impact = DeviceChanges.impact(d.isActive(), d.persistent, flags);
        if (deviceXml == null || !DISK.matcher(deviceXml).find()) {
            throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                    "only disks can be updated by the test driver");
        }
        DiskDevice disk = parseDisk(deviceXml);
        change(d, impact, def -> withDiskUpdated(def, disk));
    }

    private static void change(DomainObject d, DeviceChanges.Impact impact, UnaryOperator<DomainDefinition> change) {
        // compute both results first so that a failure leaves both definitions untouched
        DomainDefinition live = impact.live() ? change.apply(d.def) : null;
        DomainDefinition config = impact.config() ? change.apply(d.persistentDef()) : null;
        if (live != null) {
            if (d.persistent && d.nextDef == null) {
                d.nextDef = d.def; // the persistent definition stays as it was
            }
            d.def = live;
        }
        if (config != null) {
            if (d.isActive()) {
                d.nextDef = config;
            } else {
                d.def = config;
            }
        }
    }

    private static DomainDefinition withInterface(DomainDefinition def, DeviceChanges.InterfaceChange change,
            boolean attach) {
        DomainDevices devices = def.devices();
        List<InterfaceDevice> interfaces;
        if (attach) {
            interfaces = DeviceChanges.withInterface(devices.interfaces(), change.device(), ErrorDomain.TEST);
        } else {
            interfaces = new ArrayList<>(devices.interfaces());
            interfaces.remove(DeviceChanges.find(interfaces, change, ErrorDomain.TEST));
        }
        return def.withDevices(devices.toBuilder().interfaces(interfaces).build());
    }

    private static DomainDefinition withDiskAdded(DomainDefinition def, DiskDevice disk) {
        if (indexOf(def, disk) >= 0) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.TEST,
                    "target " + disk.targetDev() + " already exists");
        }
        List<DiskDevice> disks = new ArrayList<>(def.devices().disks());
        disks.add(disk);
        return withDisks(def, disks);
    }

    private static DomainDefinition withDiskRemoved(DomainDefinition def, DiskDevice disk) {
        int at = indexOf(def, disk);
        if (at < 0) {
            throw new VirtException(ErrorCode.DEVICE_MISSING, ErrorDomain.TEST, "disk " + disk.targetDev()
                    + " not found");
        }
        List<DiskDevice> disks = new ArrayList<>(def.devices().disks());
        disks.remove(at);
        return withDisks(def, disks);
    }

    private static DomainDefinition withDiskUpdated(DomainDefinition def, DiskDevice disk) {
        int at = indexOf(def, disk);
        if (at < 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                    "target " + disk.targetDev() + " doesn't exist.");
        }
        List<DiskDevice> disks = new ArrayList<>(def.devices().disks());
        DiskDevice old = disks.get(at);
        if (old.device() != disk.device()) {
            throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                    "cannot modify field 'device' of the disk");
        }
        boolean removable = disk.device() == DiskDevice.Device.CDROM || disk.device() == DiskDevice.Device.FLOPPY;
        if (!removable && !Objects.equals(old.source(), disk.source())) {
            throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                    "disk source can be changed only in removable drives");
        }
        disks.set(at, disk.withInfo(old.info()));
        return withDisks(def, disks);
    }

    private static int indexOf(DomainDefinition def, DiskDevice disk) {
        List<DiskDevice> disks = def.devices().disks();
        for (int i = 0; i < disks.size(); i++) {
            if (disks.get(i).targetDev().equals(disk.targetDev())) {
                return i;
            }
        }
        return -1;
    }

    private static DomainDefinition withDisks(DomainDefinition def, List<DiskDevice> disks) {
        return def.withDevices(def.devices().toBuilder().disks(disks).build());
    }

    private static DiskDevice parseDisk(String deviceXml) {
        Matcher m = DISK.matcher(deviceXml);
        m.find();
        String body = deviceXml.substring(m.end() - "<disk ".length());
        // the codec reads devices only inside a domain, so wrap the fragment in the smallest one it accepts
        DomainDefinition def = DomainXmlCodec.parse("<domain type='test'><name>device</name><memory>1024</memory>"
                + "<os><type>hvm</type></os><devices>" + body + "</devices></domain>");
        if (def.devices().disks().size() != 1) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.TEST, "expected exactly one disk device");
        }
        return def.devices().disks().get(0);
    }
}
