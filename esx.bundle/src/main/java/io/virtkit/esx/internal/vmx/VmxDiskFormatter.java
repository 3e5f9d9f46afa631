package io.virtkit.esx.internal.vmx;

import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import java.util.List;

/**
 * Disks and their SCSI controllers to VMX as libvirt's virVMXFormatConfig writes them: addresses checked against
 * the target names, controller models, then each disk's entries and the floppies VMX must be told are absent.
 * VMX as libvirt writes it holds SCSI and IDE disks and CD-ROMs and floppies only.
 */
final class VmxDiskFormatter {
    private static final List<String> SCSI_MODELS = List.of("buslogic", "lsilogic", "lsisas1068", "vmpvscsi");
    /** Every SCSI controller model libvirt knows, which an old disk driver name may be. */
    private static final List<String> LIBVIRT_SCSI_MODELS = List.of("auto", "buslogic", "lsilogic", "lsisas1068",
            "vmpvscsi", "ibmvscsi", "virtio-scsi", "lsisas1078", "virtio-transitional", "virtio-non-transitional",
            "ncr53c90", "dc390", "am53c974");

    private final DomainDefinition def;
    private final VmxFileNames fileNames;
    private final VmxFile.Builder out;

    VmxDiskFormatter(DomainDefinition def, VmxFileNames fileNames, VmxFile.Builder out) {
        this.def = def;
        this.fileNames = fileNames;
        this.out = out;
    }

    /** Writes the disks; whether any SCSI controller was written. */
    boolean format() {
        List<DiskDevice> disks = def.devices().disks();
        for (DiskDevice disk : disks) {
            verifyAddress(disk);
        }
        boolean[] present = new boolean[4];
        String[] models = new String[4];
        for (DiskDevice disk : disks) {
            if ("scsi".equals(disk.targetBus())) {
                int controller = drive(disk).controller();
                if (!present[controller]) {
                    models[controller] = scsiModel(controller);
                }
                present[controller] = true;
                models[controller] = legacyDriverModel(disk, controller, models[controller]);
            }
        }
        for (String model : models) {
            checkScsiModel(model);
        }
        boolean hasScsi = false;
        for (int c = 0; c < 4; c++) {
            if (present[c]) {
                hasScsi = true;
                out.put("scsi" + c + ".present", "true");
                if (models[c] != null) {
                    out.put("scsi" + c + ".virtualDev", models[c].equals("vmpvscsi") ? "pvscsi" : models[c]);
                }
            }
        }
        boolean[] floppies = new boolean[2];
        for (DiskDevice disk : disks) {
            if (disk.device() == DiskDevice.Device.FLOPPY) {
                floppy(disk, floppies);
            } else {
                disk(disk);
            }
        }
        for (int unit = 0; unit < 2; unit++) {
            if (!floppies[unit]) {
                out.put("floppy" + unit + ".present", "false"); // VMX's floppies are present unless told
            }
        }
        return hasScsi;
    }

    private String scsiModel(int index) {
        for (ControllerDevice controller : def.devices().controllers()) {
            if (controller.type().equals("scsi") && controller.index() == index) {
                String model = controller.model();
                return "auto".equals(model) ? null : model;
            }
        }
        return null;
    }

    private static void checkScsiModel(String model) {
        if (model != null && !SCSI_MODELS.contains(model)) {
            throw VmxErrors.internal("Expecting domain XML attribute 'model' of entry 'controller' to be "
                    + "'buslogic' or 'lsilogic' or 'lsisas1068' or 'vmpvscsi' but found '" + model + "'");
        }
    }

    /**
     * An old definition names a SCSI disk's controller model as the disk's driver ({@code <driver
     * name='lsilogic'/>}); libvirt takes it for the controller's model when that has none.
     */
    private static String legacyDriverModel(DiskDevice disk, int controller, String model) {
        if (disk.driverName() == null) {
            return model;
        }
        String name = disk.driverName().toLowerCase(java.util.Locale.ROOT);
        if (!LIBVIRT_SCSI_MODELS.contains(name)) {
            throw VmxErrors.internal("Unknown driver name '" + disk.driverName() + "'");
        }
        String named = name.equals("auto") ? null : name;
        if (model == null) {
            return named;
        }
        if (!model.equals(name)) {
            throw VmxErrors.internal("Inconsistent SCSI controller model ('" + disk.driverName() + "' is not '"
                    + model + "') for SCSI controller index " + controller);
        }
        return model;
    }

    /** A disk's drive address: its own, or the one libvirt assigns from the target name. */
    private static DeviceAddress.Drive drive(DiskDevice disk) {
        return disk.address() instanceof DeviceAddress.Drive d ? d : assigned(disk);
    }

    private static DeviceAddress.Drive assigned(DiskDevice disk) {
        int idx = VmxNames.diskIndex(disk.targetDev());
        String bus = disk.targetBus() == null ? "" : disk.targetBus();
        return switch (bus) {
            case "scsi" -> new DeviceAddress.Drive(idx / 15, 0, 0, idx % 15 >= 7 ? idx % 15 + 1 : idx % 15);
            case "ide" -> new DeviceAddress.Drive(0, idx / 2, 0, idx % 2);
            case "sata" -> new DeviceAddress.Drive(idx / 6, 0, 0, idx % 6);
            default -> new DeviceAddress.Drive(0, 0, 0, idx);
        };
    }

    private static void verifyAddress(DiskDevice disk) {
        if (disk.address() != null && !(disk.address() instanceof DeviceAddress.Drive)) {
            throw VmxErrors.unsupported("Unsupported disk address type '" + addressType(disk.address()) + "'");
        }
        DeviceAddress.Drive drive = drive(disk);
        DeviceAddress.Drive expected = assigned(disk);
        if (expected.controller() != drive.controller() || expected.bus() != drive.bus()
                || expected.unit() != drive.unit()) {
            throw VmxErrors.internal("Disk address " + drive.controller() + ":" + drive.bus() + ":" + drive.unit()
                    + " doesn't match target device '" + disk.targetDev() + "'");
        }
        String bus = disk.targetBus() == null ? "" : disk.targetBus();
        switch (bus) {
            case "scsi" -> {
                check(drive.controller() > 3, "SCSI controller index " + drive.controller() + " out of [0..3] range");
                check(drive.bus() != 0, "SCSI bus index " + drive.bus() + " out of [0] range");
                check(drive.unit() > 15 || drive.unit() == 7,
                        "SCSI unit index " + drive.unit() + " out of [0..6,8..15] range");
            }
            case "ide" -> {
                check(drive.controller() != 0, "IDE controller index " + drive.controller() + " out of [0] range");
                check(drive.bus() > 1, "IDE bus index " + drive.bus() + " out of [0..1] range");
                check(drive.unit() > 1, "IDE unit index " + drive.unit() + " out of [0..1] range");
            }
            case "fdc" -> {
                check(drive.controller() != 0, "FDC controller index " + drive.controller() + " out of [0] range");
                check(drive.bus() != 0, "FDC bus index " + drive.bus() + " out of [0] range");
                check(drive.unit() > 1, "FDC unit index " + drive.unit() + " out of [0..1] range");
            }
            default -> throw VmxErrors.unsupported("Unsupported bus type '" + bus + "'");
        }
    }

    private static String addressType(DeviceAddress address) {
        return address.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static void check(boolean bad, String message) {
        if (bad) {
            throw VmxErrors.internal(message);
        }
    }

    private void disk(DiskDevice disk) {
        String bus = disk.targetBus();
        String device = disk.device().xmlName();
        String dst = disk.targetDev();
        if (disk.type() != DiskDevice.Type.FILE && disk.type() != DiskDevice.Type.BLOCK) {
            throw VmxErrors.unsupported(bus + " " + device + " '" + dst + "' has unsupported type '"
                    + disk.type().xmlName() + "', expecting 'file' or 'block'");
        }
        int controllerOrBus;
        int unit;
        if (bus.equals("scsi")) {
            requirePrefix(dst, "sd");
            int idx = index(dst);
            check(idx >= 4 * 15, "SCSI disk index (parsed from '" + dst + "') is too large");
            controllerOrBus = idx / 15;
            unit = idx % 15 >= 7 ? idx % 15 + 1 : idx % 15;
        } else if (bus.equals("ide")) {
            requirePrefix(dst, "hd");
            int idx = index(dst);
            check(idx >= 2 * 2, "IDE disk index (parsed from '" + dst + "') is too large");
            controllerOrBus = idx / 2;
            unit = idx % 2;
        } else {
            throw VmxErrors.unsupported("Unsupported bus type '" + bus + "' for " + device);
        }
        String vmxDeviceType;
        if (disk.device() == DiskDevice.Device.DISK && disk.type() == DiskDevice.Type.FILE) {
            vmxDeviceType = bus.equals("scsi") ? "scsi-hardDisk" : "ata-hardDisk";
        } else if (disk.device() == DiskDevice.Device.CDROM) {
            vmxDeviceType = disk.type() == DiskDevice.Type.FILE ? "cdrom-image" : "atapi-cdrom";
        } else if (disk.device() == DiskDevice.Device.LUN) {
            vmxDeviceType = bus.equals("scsi") && disk.source() != null
                    && disk.source().startsWith("/vmfs/devices/cdrom/") ? "scsi-passthru" : "cdrom-raw";
        } else {
            throw VmxErrors.unsupported(bus + " " + device + " '" + dst + "' has an unsupported type '"
                    + disk.type().xmlName() + "'");
        }
        String prefix = bus + controllerOrBus + ":" + unit + ".";
        out.put(prefix + "present", "true").put(prefix + "deviceType", vmxDeviceType);
        String src = disk.source();
        if (disk.type() == DiskDevice.Type.FILE) {
            String extension = disk.device() == DiskDevice.Device.DISK ? ".vmdk" : ".iso";
            String fileName;
            if (src != null) {
                if (!src.regionMatches(true, src.length() - extension.length(), extension, 0, extension.length())) {
                    throw VmxErrors.internal("Image file for " + bus + " " + device + " '" + dst
                            + "' has unsupported suffix, expecting '" + extension + "'");
                }
                fileName = fileNames.format(src);
            } else if (disk.device() == DiskDevice.Device.CDROM) {
                fileName = "emptyBackingString";
            } else {
                // libvirt fails here without saying why
                throw VmxErrors.internal("An error occurred, but the cause is unknown");
            }
            out.put(prefix + "fileName", fileName);
        } else if (src == null && disk.sourceDetail() != null
                && "optional".equals(disk.sourceDetail().startupPolicy())) {
            out.put(prefix + "autodetect", "true").put(prefix + "fileName", "auto detect");
        } else {
            out.put(prefix + "fileName", src == null ? "(null)" : src);
        }
        if (bus.equals("scsi")) {
            String cache = disk.driver().cache();
            if ("writethrough".equals(cache)) {
                out.put(prefix + "writeThrough", "true");
            } else if (cache != null && !cache.equals("default")) {
                throw VmxErrors.unsupported(bus + " harddisk '" + dst + "' has unsupported cache mode '" + cache
                        + "'");
            }
        }
        if (disk.transientDisk()) {
            out.put(prefix + "mode", "independent-nonpersistent");
        }
    }

    private void floppy(DiskDevice disk, boolean[] present) {
        String dst = disk.targetDev();
        requirePrefix(dst, "fd");
        int unit = index(dst);
        check(unit >= 2, "Floppy disk index (parsed from '" + dst + "') is too large");
        present[unit] = true;
        String prefix = "floppy" + unit + ".";
        out.put(prefix + "present", "true");
        if (disk.type() == DiskDevice.Type.FILE) {
            out.put(prefix + "fileType", "file");
            if (disk.source() != null) {
                out.put(prefix + "fileName", fileNames.format(disk.source()));
            }
        } else if (disk.type() == DiskDevice.Type.BLOCK) {
            out.put(prefix + "fileType", "device");
            if (disk.source() != null) {
                out.put(prefix + "fileName", disk.source());
            }
        } else {
            throw VmxErrors.unsupported("Floppy '" + dst + "' has unsupported type '" + disk.type().xmlName()
                    + "', expecting 'file' or 'block'");
        }
    }

    private static void requirePrefix(String dst, String prefix) {
        if (!dst.startsWith(prefix)) {
            throw VmxErrors.internal("Expecting domain XML attribute 'dev' of entry 'devices/disk/target' to start "
                    + "with '" + prefix + "'");
        }
    }

    private static int index(String dst) {
        int idx = VmxNames.diskIndex(dst);
        if (idx < 0) {
            throw VmxErrors.internal("Could not parse valid disk index from '" + dst + "'");
        }
        return idx;
    }
}
