package io.virtkit.esx.internal.vmx;

import io.virtkit.model.domain.DomainDefinition;

/**
 * libvirt's VMX ⇄ domain definition rules (its src/vmx): what {@code domxml-from-native vmware-vmx}, {@code
 * domxml-to-native vmware-vmx} and the ESX driver's dumpxml and define use. File names go through the
 * {@link VmxFileNames} given.
 */
public final class VmxCodec {
    private VmxCodec() {
    }

    /**
     * How many units a SCSI bus has before hardware version 13, which decides the disks read and their drive
     * addresses: the ESX driver's wide bus (16, unit 7 the controller's) or the narrow one (7) libvirt's VMware
     * Workstation driver keeps.
     */
    public enum ScsiBus {
        WIDE, NARROW
    }

    /** The definition a VMX file describes (libvirt's virVMXParseConfig), as the ESX driver reads it. */
    public static DomainDefinition toDomain(VmxFile vmx, VmxFileNames fileNames) {
        return toDomain(vmx, fileNames, ScsiBus.WIDE);
    }

    /** The definition a VMX file describes with SCSI buses of that width. */
    public static DomainDefinition toDomain(VmxFile vmx, VmxFileNames fileNames, ScsiBus scsiBus) {
        return new VmxDomainParser(vmx, fileNames, scsiBus).parse();
    }

    /** The definition of VMX text. */
    public static DomainDefinition toDomain(String vmx, VmxFileNames fileNames) {
        return toDomain(VmxFile.parse(vmx), fileNames);
    }

    /**
     * The VMX file of a definition (libvirt's virVMXFormatConfig) for virtual hardware {@code virtualHwVersion}
     * (4 for ESX 3.5, 7 for ESX 4.0, 8 for ESX 5.0 …, as the caller knows its host).
     */
    public static VmxFile toVmx(DomainDefinition def, VmxFileNames fileNames, int virtualHwVersion) {
        return new VmxDomainFormatter(def, fileNames, virtualHwVersion).format();
    }
}
