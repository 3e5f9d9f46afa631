package io.virtkit.hyperv.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.InterfaceDevice;

/**
 * What a definition asks of Hyper-V, checked before anything is created (libvirt's hyperv driver finds most of
 * these problems only half-way, after DefineSystem): the generation, the memory and vCPUs, the SCSI controllers,
 * where each disk goes (IDE channel 0/1 slot 0/1, SCSI controller 0-3 LUN 0-63, the floppy), the COM ports and the
 * NICs. Devices libvirt's hyperv driver does not define (graphics, video, input, consoles …) are left to Hyper-V's
 * defaults, as libvirt leaves them.
 *
 * @param name            the VM's name
 * @param description     the Notes, or {@code null}
 * @param generation2     a generation 2 (UEFI) VM, asked for with {@code <os firmware='efi'>}
 * @param memoryMiB       the current memory in MiB, as libvirt rounds it (up to a whole, even number of MiB)
 * @param maximumMiB      the memory ({@code <memory>}, Hyper-V's Limit) in MiB, rounded so, never below memoryMiB
 * @param vcpus           the vCPU count
 * @param scsiControllers how many synthetic SCSI controllers to add
 * @param disks           the disks in document order
 * @param serials         the COM ports to connect
 * @param nics            the NICs
 */
record HypervDevicePlan(String name, String description, boolean generation2, long memoryMiB, long maximumMiB,
        int vcpus, int scsiControllers, List<Disk> disks, List<Serial> serials, List<Nic> nics) {

    static final int MAX_SCSI_CONTROLLERS = 4;
    static final int MAX_SCSI_LUNS = 64;

    enum Bus { IDE, SCSI, FLOPPY }

    /**
     * One disk: its bus, the IDE channel or SCSI controller index, the slot or LUN, whether a DVD, and the image
     * ({@code null} for an empty DVD drive).
     */
    record Disk(Bus bus, int controller, int unit, boolean dvd, String image) {
    }

    /** COM {@code port} and its named pipe ({@code ""} for none). */
    record Serial(int port, String pipe) {
    }

    /** A NIC: its MAC and the switch (its Name or ElementName). */
    record Nic(String mac, String bridge) {
    }

    HypervDevicePlan {
        disks = List.copyOf(disks);
        serials = List.copyOf(serials);
        nics = List.copyOf(nics);
    }

    static HypervDevicePlan of(DomainDefinition def) {
        if (!"hyperv".equals(def.type())) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN,
                    "unexpected domain type " + def.type() + ", expecting hyperv");
        }
        boolean generation2 = def.os().firmware() != null && "efi".equals(def.os().firmware().firmware());
        List<Disk> disks = new ArrayList<>();
        for (DiskDevice disk : def.devices().disks()) {
            disks.add(disk(disk, generation2));
        }
        int scsi = 0;
        for (ControllerDevice controller : def.devices().controllers()) {
            if ("scsi".equals(controller.type())) {
                scsi = Math.max(scsi, scsiController(controller) + 1);
            }
        }
        for (Disk disk : disks) {
            if (disk.bus() == Bus.SCSI) {
                scsi = Math.max(scsi, disk.controller() + 1);
            }
        }
        List<Serial> serials = new ArrayList<>();
        for (CharDevice serial : def.devices().serials()) {
            serials.add(serial(serial));
        }
        List<Nic> nics = new ArrayList<>();
        for (InterfaceDevice nic : def.devices().interfaces()) {
            nics.add(nic(nic));
        }
        // libvirt: VIR_ROUND_UP(VIR_DIV_UP(KiB, 1024), 2) — Hyper-V wants an even number of MiB
        long mib = evenMiB(def.currentMemoryKiB());
        return new HypervDevicePlan(def.name(), def.description(), generation2, mib,
                Math.max(evenMiB(def.memoryKiB()), mib), def.vcpus(), scsi, disks, serials, nics);
    }

    private static long evenMiB(long kib) {
        long mib = (kib + 1023) / 1024;
        return mib + mib % 2;
    }

    private static Disk disk(DiskDevice disk, boolean generation2) {
        boolean dvd = switch (disk.device()) {
            case DISK, FLOPPY -> false;
            case CDROM -> true;
            default -> throw internal("Unsupported disk bus");
        };
        if (disk.type() == DiskDevice.Type.BLOCK) {
            throw unsupported("disk '" + disk.targetDev() + "': physical (block) disks are not supported by the "
                    + "Hyper-V driver, only image files");
        }
        if (disk.type() != DiskDevice.Type.FILE) {
            throw internal("Unsupported disk type");
        }
        String image = disk.source() == null || disk.source().isEmpty() ? null : disk.source();
        if (image == null && !dvd) {
            throw unsupported("disk '" + disk.targetDev() + "' has no source file");
        }
        String bus = disk.targetBus() == null ? "" : disk.targetBus();
        if (disk.device() == DiskDevice.Device.FLOPPY || "fdc".equals(bus)) {
            if (generation2) {
                throw unsupported("a generation 2 (efi) VM has no floppy drive");
            }
            return new Disk(Bus.FLOPPY, 0, 0, false, image);
        }
        DeviceAddress address = disk.address();
        if (address != null && !(address instanceof DeviceAddress.Drive)) {
            throw internal("Unsupported disk address type");
        }
        DeviceAddress.Drive drive = (DeviceAddress.Drive) address;
        switch (bus) {
            case "ide" -> {
                if (generation2) {
                    throw unsupported("disk '" + disk.targetDev() + "': a generation 2 (efi) VM has no IDE "
                            + "controller, use bus 'scsi'");
                }
                int index = drive == null ? diskIndex(disk.targetDev(), "hd") : -1;
                int controller = drive == null ? index / 4 : drive.controller();
                int channel = drive == null ? index % 4 / 2 : drive.bus();
                int unit = drive == null ? index % 2 : drive.unit();
                if (controller != 0 || channel > 1 || unit > 1 || (drive != null && drive.target() != 0)) {
                    throw unsupported("disk '" + disk.targetDev() + "': Hyper-V has one IDE controller with "
                            + "channels 0 and 1 of two disks each");
                }
                return new Disk(Bus.IDE, channel, unit, dvd, image);
            }
            case "scsi" -> {
                // Hyper-V's synthetic SCSI controller has 64 LUNs: libvirt's hyperv driver names sd* that way
                int index = drive == null ? diskIndex(disk.targetDev(), "sd") : -1;
                int controller = drive == null ? index / MAX_SCSI_LUNS : drive.controller();
                int unit = drive == null ? index % MAX_SCSI_LUNS : drive.unit();
                if (controller >= MAX_SCSI_CONTROLLERS || unit >= MAX_SCSI_LUNS
                        || (drive != null && (drive.bus() != 0 || drive.target() != 0))) {
                    throw unsupported("disk '" + disk.targetDev() + "': Hyper-V has at most "
                            + MAX_SCSI_CONTROLLERS + " SCSI controllers of " + MAX_SCSI_LUNS + " LUNs each");
                }
                return new Disk(Bus.SCSI, controller, unit, dvd, image);
            }
            default -> throw internal("Unsupported controller type");
        }
    }

    private static int scsiController(ControllerDevice controller) {
        if (controller.model() != null && !"auto".equals(controller.model())) {
            throw unsupported("Unsupported SCSI controller model '" + controller.model() + "'");
        }
        if (controller.address() != null) {
            throw unsupported("Unsupported SCSI controller address type");
        }
        if (controller.index() >= MAX_SCSI_CONTROLLERS) {
            throw unsupported("SCSI controller " + controller.index() + ": Hyper-V has at most "
                    + MAX_SCSI_CONTROLLERS);
        }
        return controller.index();
    }

    private static Serial serial(CharDevice serial) {
        if (serial.type() != CharDevice.Type.PIPE) {
            throw unsupported("serial type '" + serial.type().xmlName() + "' is not supported by the Hyper-V "
                    + "driver, only 'pipe'");
        }
        Integer port = serial.targetPort();
        if (port == null || port < 1 || port > 2) {
            throw unsupported("serial port " + port + ": Hyper-V has COM 1 and COM 2 (target port 1 or 2)");
        }
        String path = serial.sourcePath() == null || "-1".equals(serial.sourcePath()) ? "" : serial.sourcePath();
        return new Serial(port, path);
    }

    private static Nic nic(InterfaceDevice nic) {
        if (nic.type() != InterfaceDevice.Type.BRIDGE) {
            throw unsupported("interface type '" + nic.type().xmlName() + "' is not supported by the Hyper-V "
                    + "driver, only 'bridge' (a virtual switch)");
        }
        if (nic.source() == null || nic.source().isEmpty()) {
            throw unsupported("interface " + nic.mac() + " names no virtual switch (source bridge)");
        }
        return new Nic(nic.mac(), nic.source());
    }

    /** libvirt's virDiskNameToIndex for {@code prefix}: hda → 0, hdz → 25, sdaa → 26. */
    static int diskIndex(String targetDev, String prefix) {
        if (targetDev == null || !targetDev.startsWith(prefix) || targetDev.length() == prefix.length()) {
            throw unsupported("disk target '" + targetDev + "' does not name a " + prefix + "* disk; give it a "
                    + "drive address");
        }
        int index = 0;
        for (char c : targetDev.substring(prefix.length()).toLowerCase(Locale.ROOT).toCharArray()) {
            if (c < 'a' || c > 'z') {
                throw unsupported("disk target '" + targetDev + "' is not a disk name");
            }
            index = index * 26 + (c - 'a' + 1);
        }
        return index - 1;
    }

    private static VirtException internal(String message) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, message);
    }

    private static VirtException unsupported(String message) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.HYPERV, message);
    }
}
