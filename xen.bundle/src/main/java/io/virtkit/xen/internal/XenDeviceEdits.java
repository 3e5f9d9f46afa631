package io.virtkit.xen.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.support.DeviceChanges;

/**
 * The device XML of an attach or detach read for the Xen driver, and the definitions with the device added or
 * removed under libvirt's libxl rules (its {@code libxlDomainAttachDeviceConfig}/{@code DetachDeviceConfig} and the
 * checks of the live paths). Pure: no host is asked.
 */
final class XenDeviceEdits {

    private static final Pattern ROOT = Pattern.compile(
            "^\\s*(?:<\\?xml[^>]*\\?>\\s*)?(?:<!--.*?-->\\s*)*<([A-Za-z_][\\w.-]*)", Pattern.DOTALL);
    private static final SecureRandom RANDOM = new SecureRandom();

    private XenDeviceEdits() {
    }

    /** A device of an attach or detach: a disk or an interface. */
    sealed interface Device permits Disk, Nic {
    }

    record Disk(DiskDevice disk) implements Device {
        /** Xen's paravirtual bus: named, or implied by an {@code xvd*} target or a guest without emulated disks. */
        boolean onXenBus(boolean hvm) {
            String bus = disk.targetBus();
            return bus == null ? disk.targetDev().startsWith("xvd") || !hvm : bus.equals("xen");
        }

        String bus(boolean hvm) {
            return disk.targetBus() != null ? disk.targetBus() : onXenBus(hvm) ? "xen"
                    : disk.targetDev().startsWith("sd") ? "scsi" : "ide";
        }
    }

    record Nic(DeviceChanges.InterfaceChange change) implements Device {
        InterfaceDevice device() {
            return change.device();
        }
    }

    /**
     * Reads a device XML; another element is refused in libxl's words for where the change applies
     * ({@code live}: the running domain, else its persistent definition).
     */
    static Device parse(String xml, boolean attach, boolean live) {
        if (xml == null || xml.isBlank()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL, "xml must not be empty");
        }
        Matcher m = ROOT.matcher(xml);
        if (!m.find()) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.LIBXL, "unknown device type");
        }
        String root = m.group(1);
        switch (root) {
            case "disk" -> {
                DomainDefinition def = DomainXmlCodec.parse("<domain type='xen'><name>device</name><memory>1024</memory>"
                        + "<os><type>xen</type></os><devices>" + xml.substring(m.start(1) - 1) + "</devices></domain>");
                if (def.devices().disks().size() != 1) {
                    throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.LIBXL, "expected exactly one disk device");
                }
                return new Disk(def.devices().disks().get(0));
            }
            case "interface" -> {
                DeviceChanges.InterfaceChange change = DeviceChanges.parseInterface(xml, attach,
                        new DeviceChanges.Impact(live, !live), ErrorDomain.LIBXL);
                if (!change.macGiven()) {
                    // libvirt gives a Xen guest's new NIC an address in Xen's range, not QEMU's
                    change = new DeviceChanges.InterfaceChange(change.device().toBuilder().mac(xenMac()).build(), false);
                }
                return new Nic(change);
            }
            default -> throw live
                    ? new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LIBXL,
                            "device type '" + root + "' cannot be " + (attach ? "attached" : "detached"))
                    : new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LIBXL,
                            "persistent " + (attach ? "attach" : "detach") + " of device is not supported");
        }
    }

    /** {@code def} with the device added; a disk's target or a NIC's MAC already there is refused. */
    static DomainDefinition plus(DomainDefinition def, Device device) {
        if (device instanceof Disk d) {
            if (diskIndex(def, d.disk().targetDev()) >= 0) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL,
                        "target " + d.disk().targetDev() + " already exists.");
            }
            List<DiskDevice> disks = new ArrayList<>(def.devices().disks());
            disks.add(d.disk());
            return def.withDevices(def.devices().toBuilder().disks(disks).build());
        }
        Nic n = (Nic) device;
        requireNewMac(def, n.device());
        List<InterfaceDevice> nics = new ArrayList<>(def.devices().interfaces());
        nics.add(n.device());
        return def.withDevices(def.devices().toBuilder().interfaces(nics).build());
    }

    /** {@code def} without the device: a disk by target, an interface by MAC (or its type when it gives none). */
    static DomainDefinition minus(DomainDefinition def, Device device) {
        if (device instanceof Disk d) {
            int i = diskIndex(def, d.disk().targetDev());
            if (i < 0) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL,
                        "no target device " + d.disk().targetDev());
            }
            List<DiskDevice> disks = new ArrayList<>(def.devices().disks());
            disks.remove(i);
            return def.withDevices(def.devices().toBuilder().disks(disks).build());
        }
        List<InterfaceDevice> nics = new ArrayList<>(def.devices().interfaces());
        nics.remove(DeviceChanges.find(nics, ((Nic) device).change(), ErrorDomain.LIBXL));
        return def.withDevices(def.devices().toBuilder().interfaces(nics).build());
    }

    /** The interface of {@code def} a detach names (by MAC, or the only one of its type). */
    static InterfaceDevice nicOf(DomainDefinition def, Nic nic) {
        return def.devices().interfaces().get(DeviceChanges.find(def.devices().interfaces(), nic.change(),
                ErrorDomain.LIBXL));
    }

    static void requireNewMac(DomainDefinition def, InterfaceDevice nic) {
        for (InterfaceDevice existing : def.devices().interfaces()) {
            if (existing.mac().equalsIgnoreCase(nic.mac())) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL,
                        "network device with mac " + nic.mac() + " already exists");
            }
        }
    }

    static int diskIndex(DomainDefinition def, String target) {
        List<DiskDevice> disks = def.devices().disks();
        for (int i = 0; i < disks.size(); i++) {
            if (disks.get(i).targetDev().equals(target)) {
                return i;
            }
        }
        return -1;
    }

    /** A MAC in Xen's range (00:16:3e), as libvirt's libxl driver makes for an interface given none. */
    private static String xenMac() {
        byte[] tail = new byte[3];
        RANDOM.nextBytes(tail);
        tail[0] &= 0x7f; // libxl's own addresses keep the first byte below 0x80 too
        return "00:16:3e:" + HexFormat.ofDelimiter(":").formatHex(tail);
    }
}
