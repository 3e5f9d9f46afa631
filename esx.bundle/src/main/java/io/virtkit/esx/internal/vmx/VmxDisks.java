package io.virtkit.esx.internal.vmx;

import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DiskDriver;
import io.virtkit.model.domain.DiskSource;
import java.util.List;
import java.util.Locale;

/**
 * Disks of a VMX file as libvirt's virVMXParseDisk reads them: SCSI ({@code scsiC:U}), SATA ({@code sataC:U}),
 * IDE ({@code ideB:U}) hard disks and CD-ROMs, and floppies ({@code floppyU}), with libvirt's target names and
 * drive addresses and its refusals.
 */
final class VmxDisks {
    /** libvirt's SCSI controller models by VMX {@code virtualDev} (pvscsi is libvirt's {@code vmpvscsi}). */
    static final List<String> SCSI_VIRTUAL_DEVS = List.of("buslogic", "lsilogic", "lsisas1068", "pvscsi");

    private final VmxEntries vmx;
    private final VmxFileNames fileNames;
    private final int scsiUnits;

    VmxDisks(VmxEntries vmx, VmxFileNames fileNames, long virtualHwVersion, VmxCodec.ScsiBus scsiBus) {
        this.vmx = vmx;
        this.fileNames = fileNames;
        // libvirt: 64 units per SCSI bus from hardware version 13, else the driver's bus width
        this.scsiUnits = virtualHwVersion >= 13 ? 64 : scsiBus == VmxCodec.ScsiBus.WIDE ? 16 : 7;
    }

    /** The units a SCSI controller is read for (unit 7, if any, is the controller's own). */
    int scsiUnits() {
        return scsiUnits;
    }

    /**
     * A SCSI controller's model as libvirt names it, {@code ""} for a present controller without
     * {@code virtualDev}, or {@code null} when the controller is not present.
     */
    String scsiController(int controller) {
        if (!vmx.bool("scsi" + controller + ".present", false)) {
            return null;
        }
        String key = "scsi" + controller + ".virtualDev";
        String dev = vmx.string(key, true);
        if (dev == null) {
            return "";
        }
        String lower = dev.toLowerCase(Locale.ROOT);
        if (!SCSI_VIRTUAL_DEVS.contains(lower)) {
            throw VmxErrors.internal("Expecting VMX entry '" + key + "' to be 'buslogic' or 'lsilogic' or "
                    + "'lsisas1068' or 'pvscsi' but found '" + lower + "'");
        }
        return lower.equals("pvscsi") ? "vmpvscsi" : lower;
    }

    /** Whether a SATA controller is present. */
    boolean sataController(int controller) {
        return vmx.bool("sata" + controller + ".present", false);
    }

    /** The hard disk or CD-ROM at a SCSI, SATA or IDE place, or {@code null} when none is there. */
    DiskDevice diskOrCdrom(String bus, int controllerOrBus, int unit) {
        DiskDevice disk = parse(DiskDevice.Device.DISK, bus, controllerOrBus, unit);
        return disk != null ? disk : parse(DiskDevice.Device.CDROM, bus, controllerOrBus, unit);
    }

    /** The floppy drive {@code unit}, or {@code null}. */
    DiskDevice floppy(int unit) {
        return parse(DiskDevice.Device.FLOPPY, "fdc", 0, unit);
    }

    private DiskDevice parse(DiskDevice.Device device, String bus, int controllerOrBus, int unit) {
        String prefix;
        String dst;
        switch (bus) {
            case "scsi" -> {
                prefix = "scsi" + controllerOrBus + ":" + unit;
                dst = VmxNames.diskName("sd", controllerOrBus * 15 + (unit < 7 ? unit : unit - 1));
            }
            case "sata" -> {
                prefix = "sata" + controllerOrBus + ":" + unit;
                dst = VmxNames.diskName("sd", controllerOrBus * 30 + unit);
            }
            case "ide" -> {
                prefix = "ide" + controllerOrBus + ":" + unit;
                dst = VmxNames.diskName("hd", controllerOrBus * 2 + unit);
            }
            default -> {
                prefix = "floppy" + unit;
                dst = VmxNames.diskName("fd", unit);
            }
        }
        if (!vmx.present(prefix + ".")) {
            return null;
        }
        String deviceTypeKey = prefix + ".deviceType";
        String deviceType = vmx.string(deviceTypeKey, true);
        boolean clientDevice = vmx.bool(prefix + ".clientDevice", false);
        String mode = vmx.string(prefix + ".mode", true);
        if (clientDevice) {
            return null; // libvirt ignores devices in client mode
        }
        String fileType = vmx.string(prefix + ".fileType", true);
        String fileNameKey = prefix + ".fileName";
        String fileName = vmx.string(fileNameKey, true);
        boolean writeThrough = vmx.bool(prefix + ".writeThrough", false);

        DiskDevice.Builder disk = DiskDevice.builder().device(device).targetDev(dst).targetBus(bus);
        switch (device) {
            case DISK -> {
                if (fileName == null || endsWithIgnoreCase(fileName, ".iso") || fileName.equals("emptyBackingString")
                        || deviceType != null && (is(deviceType, "atapi-cdrom") || is(deviceType, "cdrom-raw")
                        || is(deviceType, "cdrom-image")
                        || is(deviceType, "scsi-passthru") && fileName.startsWith("/vmfs/devices/cdrom/"))) {
                    return null; // a CD-ROM: the CD-ROM pass reads it
                }
                if (!endsWithIgnoreCase(fileName, ".vmdk")) {
                    throw notHandled(fileName, fileNameKey, deviceType);
                }
                if (deviceType != null) {
                    if (bus.equals("scsi") && !is(deviceType, "scsi-hardDisk") && !is(deviceType, "disk")) {
                        throw VmxErrors.internal("Expecting VMX entry '" + deviceTypeKey
                                + "' to be 'scsi-hardDisk' or 'disk' but found '" + deviceType + "'");
                    }
                    if (bus.equals("ide") && !is(deviceType, "ata-hardDisk") && !is(deviceType, "disk")) {
                        throw VmxErrors.internal("Expecting VMX entry '" + deviceTypeKey
                                + "' to be 'ata-hardDisk' or 'disk' but found '" + deviceType + "'");
                    }
                }
                disk.type(DiskDevice.Type.FILE).source(fileNames.parse(fileName, false));
                if (writeThrough) {
                    disk.driver(new DiskDriver("writethrough", null, null, null, null, null, null, null, null, null,
                            null, null, null, null, null, null));
                }
                disk.transientDisk(mode != null && mode.equalsIgnoreCase("independent-nonpersistent"));
            }
            case CDROM -> {
                disk.readonly(true);
                if (fileName != null && endsWithIgnoreCase(fileName, ".vmdk")) {
                    return null;
                } else if (fileName != null && endsWithIgnoreCase(fileName, ".iso")) {
                    requireCdromImage(deviceType, deviceTypeKey);
                    disk.type(DiskDevice.Type.FILE).source(fileNames.parse(fileName, true));
                } else if (deviceType != null && (is(deviceType, "atapi-cdrom") || is(deviceType, "cdrom-raw"))) {
                    // a raw access CD-ROM is libvirt's device='lun'
                    disk.type(DiskDevice.Type.BLOCK).device(is(deviceType, "cdrom-raw")
                            ? DiskDevice.Device.LUN : DiskDevice.Device.CDROM);
                    if (fileName != null && fileName.equalsIgnoreCase("auto detect")) {
                        disk.sourceDetail(new DiskSource(null, null, null, null, null, null, null, null, null, null,
                                "optional", null, List.of(), null));
                    } else {
                        disk.source(fileName);
                    }
                } else if (bus.equals("scsi") && deviceType != null && is(deviceType, "scsi-passthru")) {
                    if (fileName == null || !fileName.startsWith("/vmfs/devices/cdrom/")) {
                        return null;
                    }
                    disk.type(DiskDevice.Type.BLOCK).device(DiskDevice.Device.LUN).source(fileName);
                } else if ("emptyBackingString".equals(fileName)) {
                    requireCdromImage(deviceType, deviceTypeKey);
                    disk.type(DiskDevice.Type.FILE);
                } else {
                    throw notHandled(fileName, fileNameKey, deviceType);
                }
            }
            default -> {
                if (fileType != null && fileType.equalsIgnoreCase("device")) {
                    disk.type(DiskDevice.Type.BLOCK).source(fileName);
                } else if (fileType != null && fileType.equalsIgnoreCase("file")) {
                    disk.type(DiskDevice.Type.FILE).source(fileName == null ? null : fileNames.parse(fileName, false));
                } else {
                    throw notHandled(fileName, fileNameKey, deviceType);
                }
            }
        }
        return disk.info(DeviceInfo.ofAddress(address(bus, dst))).build();
    }

    /** libvirt's drive address for a target name (virDomainDiskDefAssignAddress with VMware's wide SCSI bus). */
    DeviceAddress.Drive address(String bus, String dst) {
        int idx = VmxNames.diskIndex(dst);
        return switch (bus) {
            case "scsi" -> {
                if (scsiUnits <= 7) {
                    yield new DeviceAddress.Drive(idx / 7, 0, 0, idx % 7); // a narrow bus: 7 units
                }
                int perController = scsiUnits - 1;
                int unit = idx % perController;
                yield new DeviceAddress.Drive(idx / perController, 0, 0, unit >= 7 ? unit + 1 : unit);
            }
            case "sata" -> new DeviceAddress.Drive(idx / 6, 0, 0, idx % 6);
            case "ide" -> new DeviceAddress.Drive(0, idx / 2, 0, idx % 2);
            default -> new DeviceAddress.Drive(0, 0, 0, idx);
        };
    }

    private static void requireCdromImage(String deviceType, String deviceTypeKey) {
        if (deviceType != null && !is(deviceType, "cdrom-image")) {
            throw VmxErrors.internal("Expecting VMX entry '" + deviceTypeKey + "' to be 'cdrom-image' but found '"
                    + deviceType + "'");
        }
    }

    private static io.virtkit.api.VirtException notHandled(String fileName, String key, String deviceType) {
        return VmxErrors.internal("Invalid or not yet handled value '" + (fileName == null ? "(null)" : fileName)
                + "' for VMX entry '" + key + "' for device type '" + (deviceType == null ? "unknown" : deviceType)
                + "'");
    }

    private static boolean is(String value, String expected) {
        return value.equalsIgnoreCase(expected);
    }

    private static boolean endsWithIgnoreCase(String value, String suffix) {
        return value.regionMatches(true, value.length() - suffix.length(), suffix, 0, suffix.length());
    }
}
