package io.virtkit.esx.internal.vmx;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DomainCpu;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.OsFirmware;
import java.util.Locale;
import java.util.UUID;

/**
 * Domain definition to VMX with libvirt's rules (virVMXFormatConfig): the entries in libvirt's order, the
 * hardware version the caller chooses, and libvirt's refusals of what VMX cannot hold.
 */
final class VmxDomainFormatter {
    private final DomainDefinition def;
    private final VmxFileNames fileNames;
    private final int virtualHwVersion;
    private final VmxFile.Builder out = new VmxFile.Builder();

    VmxDomainFormatter(DomainDefinition def, VmxFileNames fileNames, int virtualHwVersion) {
        this.def = def;
        this.fileNames = fileNames;
        this.virtualHwVersion = virtualHwVersion;
    }

    VmxFile format() {
        if (!def.type().equals("vmware")) {
            throw VmxErrors.internal("Expecting virt type to be 'vmware' but found '" + def.type() + "'");
        }
        out.put(".encoding", "UTF-8").put("config.version", "8")
                .put("virtualHW.version", Integer.toString(virtualHwVersion));
        String arch = def.os().arch() == null ? "i686" : def.os().arch(); // VMware's default architecture
        switch (arch) {
            case "i686" -> out.put("guestOS", "other");
            case "x86_64" -> out.put("guestOS", "other-64");
            default -> throw VmxErrors.internal("Expecting domain XML attribute 'arch' of entry 'os/type' to be "
                    + "'i686' or 'x86_64' but found '" + arch + "'");
        }
        OsFirmware firmware = def.os().firmware();
        String smbios = firmware == null ? null : firmware.smbiosMode();
        if ("host".equals(smbios)) {
            out.put("smbios.reflecthost", "true");
        } else if (smbios != null && !smbios.equals("emulate")) {
            throw VmxErrors.unsupported("Unsupported SMBIOS mode '" + smbios + "'");
        }
        if (def.uuid().equals(VmxDomainParser.NO_UUID)) {
            out.put("uuid.action", "create");
        } else {
            out.put("uuid.bios", uuidBios(def.uuid()));
        }
        out.put("displayName", VmxFile.escapeHex(VmxFile.escapeHex(def.name(), '|', "\""), '%', "/\\"));
        if (def.description() != null) {
            out.put("annotation", VmxFile.escapeHex(def.description(), '|', "\""));
        }
        memoryAndCpus();
        DomainDevices devices = def.devices();
        for (GraphicsDevice graphics : devices.graphics()) {
            VmxDisplay.formatGraphics(graphics, out);
        }
        boolean hasScsi = new VmxDiskFormatter(def, fileNames, out).format();
        VmxSharedFolders.format(devices.filesystems(), out);
        for (int n = 0; n < devices.interfaces().size(); n++) {
            VmxEthernet.format(devices.interfaces().get(n), n, out, virtualHwVersion);
        }
        if (devices.videos().size() > 1) {
            throw VmxErrors.internal("No support for multiple video devices");
        }
        if (!devices.videos().isEmpty()) {
            VmxDisplay.formatSvga(devices.videos().get(0), out);
        }
        for (CharDevice serial : devices.serials()) {
            VmxCharDevices.formatSerial(serial, fileNames, out);
        }
        for (CharDevice parallel : devices.auxiliary().parallels()) {
            VmxCharDevices.formatParallel(parallel, fileNames, out);
        }
        if (firmware != null && "efi".equals(firmware.firmware())) {
            out.put("firmware", "efi");
        }
        if (virtualHwVersion >= 7) {
            if (hasScsi) {
                // the PCI bridges ESX 4.0 and later give a guest with SCSI controllers
                out.put("pciBridge0.present", "true");
                for (int bridge = 4; bridge <= 7; bridge++) {
                    out.put("pciBridge" + bridge + ".present", "true")
                            .put("pciBridge" + bridge + ".virtualDev", "pcieRootPort")
                            .put("pciBridge" + bridge + ".functions", "8");
                }
            }
            out.put("vmci0.present", "true");
        }
        return out.build();
    }

    private void memoryAndCpus() {
        long maxKiB = (def.memoryKiB() + 4095) / 4096 * 4096; // a multiple of 4 MiB
        out.put("memsize", Long.toString(maxKiB / 1024));
        if (def.currentMemoryKiB() < maxKiB) {
            out.put("sched.mem.max", Long.toString((def.currentMemoryKiB() + 1023) / 1024));
        }
        VmxScheduling.formatMemory(def, out);
        if (def.vcpuSettings() != null && def.vcpuSettings().current() != null
                && def.vcpuSettings().current() < def.vcpus()) {
            throw VmxErrors.unsupported("No support for domain XML entry 'vcpu' attribute 'current'");
        }
        out.put("numvcpus", Integer.toString(def.vcpus()));
        DomainCpu cpu = def.cpu();
        if (cpu != null || def.cpuMode() != null) {
            String mode = def.cpuMode() == null ? "custom" : def.cpuMode();
            if (!mode.equals("custom")) {
                throw VmxErrors.internal("Expecting domain XML CPU mode 'custom' but found '" + mode + "'");
            }
            DomainCpu.Topology topology = cpu == null ? null : cpu.topology();
            if (topology != null) {
                if (topology.threads() != 1) {
                    throw VmxErrors.unsupported("Only 1 thread per core is supported");
                }
                if (topology.diesOrOne() != 1) {
                    throw VmxErrors.unsupported("Only 1 die per socket is supported");
                }
                int calculated = topology.sockets() * topology.cores();
                if (calculated != def.vcpus()) {
                    throw VmxErrors.internal("Expecting domain XML CPU sockets per core as " + def.vcpus()
                            + " but found " + calculated);
                }
                out.put("cpuid.coresPerSocket", Integer.toString(topology.cores()));
            } else {
                // libvirt's topology is all zero without <topology>, which its thread check refuses first
                throw VmxErrors.unsupported("Only 1 thread per core is supported");
            }
        }
        VmxScheduling.formatCpus(def, out);
    }

    /** A UUID as VMware writes {@code uuid.bios}: {@code 56 4d 9b 8e 1a 2b 3c 4d-5e 6f …}. */
    static String uuidBios(UUID uuid) {
        String hex = uuid.toString().replace("-", "");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 32; i += 2) {
            if (i > 0) {
                out.append(i == 16 ? '-' : ' ');
            }
            out.append(hex, i, i + 2);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
