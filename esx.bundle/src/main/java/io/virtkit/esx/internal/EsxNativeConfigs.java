package io.virtkit.esx.internal;

import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.esx.internal.vmx.VmxCodec;
import io.virtkit.esx.internal.vmx.VmxFileNames;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * {@code domxml-from-native} and {@code domxml-to-native vmware-vmx} as libvirt's esxConnectDomainXMLFromNative
 * and ToNative: libvirt's VMX rules with the file names of the host's datastores ({@link EsxVmxFileNames}).
 */
final class EsxNativeConfigs {

    private final EsxContext context;
    private final EsxDatastores datastores;

    EsxNativeConfigs(EsxContext context) {
        this.context = context;
        this.datastores = new EsxDatastores(context);
    }

    /** File names under the host's datastores; a plain name is {@code [?] ?/name}, as libvirt has no .vmx path. */
    private VmxFileNames fileNames() {
        return new EsxVmxFileNames(datastores::all, "[?] ?");
    }

    String domainXmlFromNative(String nativeFormat, String nativeConfig, long flags) {
        DriverFlags.check(flags, 0, "virConnectDomainXMLFromNative");
        requireVmx(nativeFormat);
        DomainDefinition def = VmxCodec.toDomain(nativeConfig, fileNames());
        // libvirt formats the VMX's definition as it is: no post-parse boot disk (the codec's, as libvirt's
        // VMware Workstation driver shows it)
        return DomainXmlCodec.format(def.toBuilder().os(def.os().toBuilder().bootDevices(List.of()).build()).build());
    }

    /**
     * {@code domxml-to-native vmware-vmx} as libvirt's esxConnectDomainXMLToNative: datastore paths become the
     * host's mount paths, for the virtual hardware libvirt picks for the host's product version.
     */
    String domainXmlToNative(String nativeFormat, String xml, long flags) {
        DriverFlags.check(flags, 0, "virConnectDomainXMLToNative");
        requireVmx(nativeFormat);
        // the VM reference libvirt's dumpxml shows is the server's, no part of a definition
        String definition = xml.replaceAll("\\s*<vmware:moref>[^<]*</vmware:moref>", "");
        // a NIC without a MAC gets a VMware one, written as generated, as libvirt's (EsxMacAddresses)
        DomainDefinition def = EsxMacAddresses.vmwareForMissing(definition, DomainXmlCodec.parse(definition));
        return VmxCodec.toVmx(def, fileNames(), virtualHardwareVersion(context.productVersion())).format();
    }

    /** libvirt's default virtual hardware per ESX release: 4 (3.5), 7 (4.x), 8 (5.0), 9 (5.1), 10 (5.5 on). */
    static int virtualHardwareVersion(long productVersion) {
        if (productVersion < 4_000_000) {
            return 4;
        }
        if (productVersion < 5_000_000) {
            return 7;
        }
        if (productVersion < 5_001_000) {
            return 8;
        }
        return productVersion < 5_005_000 ? 9 : 10;
    }

    private static void requireVmx(String nativeFormat) {
        if (!"vmware-vmx".equals(nativeFormat)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX,
                    "Unsupported config format '" + nativeFormat + "'");
        }
    }
}
