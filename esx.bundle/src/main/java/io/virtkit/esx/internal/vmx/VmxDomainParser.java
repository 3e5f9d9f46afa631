package io.virtkit.esx.internal.vmx;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainCpu;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.DomainOs;
import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.model.domain.OsFirmware;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * VMX to domain definition with libvirt's rules (virVMXParseConfig): the essential {@code config.version} and
 * {@code virtualHW.version}, name, UUID, annotation, memory, vCPUs and topology, architecture and firmware, then
 * the devices family by family, and the controllers and defaults libvirt's post-parse step adds.
 */
final class VmxDomainParser {
    /** The UUID libvirt shows for a VMX file without {@code uuid.bios}. */
    static final UUID NO_UUID = new UUID(0, 0);

    private final VmxFile file;
    private final VmxEntries vmx;
    private final VmxFileNames fileNames;
    private final VmxCodec.ScsiBus scsiBus;

    VmxDomainParser(VmxFile file, VmxFileNames fileNames, VmxCodec.ScsiBus scsiBus) {
        this.file = file;
        this.vmx = new VmxEntries(file);
        this.fileNames = fileNames;
        this.scsiBus = scsiBus;
    }

    DomainDefinition parse() {
        String encoding = vmx.string(".encoding", true);
        if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
            VmxFile.charset(encoding); // the text is already characters; an unknown encoding is still refused
        }
        long configVersion = vmx.number("config.version", 0, false);
        if (configVersion != 8) {
            throw VmxErrors.internal("Expecting VMX entry 'config.version' to be 8 but found " + configVersion);
        }
        long hwVersion = vmx.number("virtualHW.version", 0, false);
        if (hwVersion < 4) {
            throw VmxErrors.internal("Expecting VMX entry 'virtualHW.version' to be 4 or higher but found "
                    + hwVersion);
        }
        DomainDefinition.Builder def = DomainDefinition.builder().type("vmware");
        UUID uuid = vmx.uuid("uuid.bios");
        def.uuid(uuid == null ? NO_UUID : uuid);
        String name = vmx.string("displayName", true);
        if (name != null) {
            String percent = VmxFile.unescapeHex(name, '%');
            name = percent == null ? null : VmxFile.unescapeHex(percent, '|');
            if (name == null) {
                throw VmxErrors.internal("VMX entry 'name' contains invalid escape sequence");
            }
        }
        def.name(name);
        genid(def);
        String annotation = vmx.string("annotation", true);
        if (annotation != null) {
            annotation = VmxFile.unescapeHex(annotation, '|');
            if (annotation == null) {
                throw VmxErrors.internal("VMX entry 'annotation' contains invalid escape sequence");
            }
        }
        def.description(annotation);
        long memsize = memory(def);
        int vcpus = vcpus(def);
        VmxScheduling.parse(vmx, def, memsize, vcpus);
        String guestOs = vmx.string("guestOS", true);
        String arch = guestOs != null && guestOs.endsWith("-64") ? "x86_64" : "i686";
        boolean smbiosHost = vmx.bool("smbios.reflecthost", false);

        List<GraphicsDevice> graphics = new ArrayList<>();
        GraphicsDevice vnc = VmxDisplay.parseVnc(vmx);
        if (vnc != null) {
            graphics.add(vnc);
        }
        List<DiskDevice> disks = new ArrayList<>();
        List<ControllerDevice> controllers = new ArrayList<>();
        disks(hwVersion, disks, controllers);
        List<io.virtkit.model.domain.FilesystemDevice> folders = VmxSharedFolders.parse(vmx);
        List<InterfaceDevice> nics = new ArrayList<>();
        for (int n = 0, max = VmxEthernet.maxIndex(file); n <= max; n++) {
            InterfaceDevice nic = VmxEthernet.parse(vmx, n);
            if (nic != null) {
                nics.add(nic);
            }
        }
        List<CharDevice> serials = new ArrayList<>();
        for (int port = 0; port < 4; port++) {
            CharDevice serial = VmxCharDevices.parseSerial(vmx, fileNames, port);
            if (serial != null) {
                serials.add(serial);
            }
        }
        List<CharDevice> parallels = new ArrayList<>();
        for (int port = 0; port < 3; port++) {
            CharDevice parallel = VmxCharDevices.parseParallel(vmx, fileNames, port);
            if (parallel != null) {
                parallels.add(parallel);
            }
        }
        String firmware = vmx.string("firmware", true);
        if (firmware != null && !firmware.equals("efi")) {
            throw VmxErrors.internal("VMX entry 'firmware' has unknown value '" + firmware + "'");
        }
        OsFirmware osFirmware = firmware == null && !smbiosHost ? null
                : new OsFirmware(firmware, null, null, null, null, null, smbiosHost ? "host" : null, null, null, null);
        // libvirt's post-parse step boots an hvm guest from its hard disk when nothing else is said
        def.os(new DomainOs("hvm", arch, null, List.of("hd"), null, null, null, null, List.of(), List.of(), null,
                null, null, null, null, osFirmware));
        // libvirt's post-parse step shows the first serial port as the console too
        List<CharDevice> consoles = serials.isEmpty() ? List.of()
                : List.of(serials.get(0).toBuilder().targetType("serial").build());
        def.devices(new DomainDevices(null, disks, folders, nics, serials, consoles, graphics, controllers,
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(VmxDisplay.parseSvga(vmx)), auxiliary(parallels), List.of()));
        return def.build();
    }

    /** vm.genid and vm.genidX: the two signed halves of the VM generation id ({@code <genid>}). */
    private void genid(DomainDefinition.Builder def) {
        long high = vmx.number("vm.genid", 0, true);
        long low = vmx.number("vm.genidX", 0, true);
        if (high != 0 || low != 0) {
            def.platform(new io.virtkit.model.domain.DomainPlatform(new UUID(high, low).toString(), null, null, null,
                    null, null, List.of()));
        }
    }

    private long memory(DomainDefinition.Builder def) {
        long memsize = vmx.number("memsize", 32, true);
        if (memsize <= 0 || memsize % 4 != 0) {
            throw VmxErrors.internal("Expecting VMX entry 'memsize' to be an unsigned integer (multiple of 4) but "
                    + "found " + memsize);
        }
        long max = vmx.number("sched.mem.max", memsize, true);
        if (max < 0) {
            max = memsize; // "unlimited"
        }
        def.memoryKiB(memsize * 1024).currentMemoryKiB(Math.min(max, memsize) * 1024);
        return memsize;
    }

    private int vcpus(DomainDefinition.Builder def) {
        long numvcpus = vmx.number("numvcpus", 1, true);
        if (numvcpus <= 0) {
            throw VmxErrors.internal("Expecting VMX entry 'numvcpus' to be an unsigned integer greater than 0 but "
                    + "found " + numvcpus);
        }
        def.vcpus((int) numvcpus);
        long coresPerSocket = vmx.number("cpuid.coresPerSocket", 1, true);
        if (coresPerSocket > 1) {
            long sockets = numvcpus / coresPerSocket;
            if (sockets <= 0) {
                throw VmxErrors.internal("VMX entry 'cpuid.coresPerSocket' smaller than 'numvcpus'");
            }
            def.cpu(new DomainCpu(null, null, null, null, null,
                    new DomainCpu.Topology((int) sockets, 1, (int) coresPerSocket, 1), null, null, List.of(), null));
        }
        return (int) numvcpus;
    }

    /** Disks in libvirt's order (SCSI, SATA, IDE, floppy) and the controllers libvirt adds for them. */
    private void disks(long hwVersion, List<DiskDevice> disks, List<ControllerDevice> controllers) {
        VmxDisks reader = new VmxDisks(vmx, fileNames, hwVersion, scsiBus);
        String[] scsiModels = new String[4];
        for (int c = 0; c < 4; c++) {
            scsiModels[c] = reader.scsiController(c);
            if (scsiModels[c] == null) {
                continue;
            }
            for (int unit = 0; unit < reader.scsiUnits(); unit++) {
                if (unit != 7) {
                    add(disks, reader.diskOrCdrom("scsi", c, unit));
                }
            }
        }
        // libvirt adds the SCSI controllers up to the one the last SCSI disk's address names
        int scsiDisks = disks.size();
        if (scsiDisks > 0) {
            int last = ((DeviceAddress.Drive) disks.get(scsiDisks - 1).address()).controller();
            for (int c = 0; c <= last; c++) {
                String model = c < 4 && scsiModels[c] != null && !scsiModels[c].isEmpty() ? scsiModels[c] : null;
                controllers.add(new ControllerDevice("scsi", c, model, null));
            }
        }
        for (int c = 0; c < 4; c++) {
            if (reader.sataController(c)) {
                for (int unit = 0; unit < 30; unit++) {
                    add(disks, reader.diskOrCdrom("sata", c, unit));
                }
            }
        }
        if (disks.size() > scsiDisks) {
            int last = ((DeviceAddress.Drive) disks.get(disks.size() - 1).address()).controller();
            for (int c = 0; c <= last; c++) {
                controllers.add(new ControllerDevice("sata", c, null, null));
            }
        }
        int beforeIde = disks.size();
        for (int bus = 0; bus < 2; bus++) {
            for (int unit = 0; unit < 2; unit++) {
                add(disks, reader.diskOrCdrom("ide", bus, unit));
            }
        }
        int beforeFloppy = disks.size();
        for (int unit = 0; unit < 2; unit++) {
            add(disks, reader.floppy(unit));
        }
        // the controllers libvirt's post-parse step adds for the disks' buses, in its order
        if (disks.size() > beforeFloppy) {
            controllers.add(new ControllerDevice("fdc", 0, null, null));
        }
        if (beforeFloppy > beforeIde) {
            controllers.add(new ControllerDevice("ide", 0, null, null));
        }
    }

    private static void add(List<DiskDevice> disks, DiskDevice disk) {
        if (disk != null) {
            disks.add(disk);
        }
    }

    private static io.virtkit.model.domain.AuxiliaryDevices auxiliary(List<CharDevice> parallels) {
        io.virtkit.model.domain.AuxiliaryDevices none = io.virtkit.model.domain.AuxiliaryDevices.NONE;
        return new io.virtkit.model.domain.AuxiliaryDevices(parallels, none.channels(), none.rngs(), none.memballoon(),
                none.watchdogs(), none.panics(), none.vsock(), none.tpms(), none.shmems(), none.iommu(), none.nvram(),
                none.memories());
    }
}
