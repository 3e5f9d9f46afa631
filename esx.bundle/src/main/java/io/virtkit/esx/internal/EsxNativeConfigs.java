package io.virtkit.esx.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.esx.internal.vim.ObjectContent;
import io.virtkit.esx.internal.vim.PropertyCollector;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.esx.internal.vmx.DatastorePath;
import io.virtkit.esx.internal.vmx.DatastorePathFileNames;
import io.virtkit.esx.internal.vmx.VmxCodec;
import io.virtkit.esx.internal.vmx.VmxFileNames;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * {@code domxml-from-native vmware-vmx} as libvirt's esxConnectDomainXMLFromNative: the VMX text read by libvirt's
 * VMX rules, its absolute file names turned into datastore paths by the host's datastore mount paths, a plain
 * name into {@code [?] ?/name} (the text has no {@code .vmx} location), the inactive domain XML out.
 */
final class EsxNativeConfigs {

    private final EsxContext context;

    EsxNativeConfigs(EsxContext context) {
        this.context = context;
    }

    String domainXmlFromNative(String nativeFormat, String nativeConfig, long flags) {
        DriverFlags.check(flags, 0, "virConnectDomainXMLFromNative");
        if (!"vmware-vmx".equals(nativeFormat)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX,
                    "Unsupported config format '" + nativeFormat + "'");
        }
        DomainDefinition def = VmxCodec.toDomain(nativeConfig, new HostFileNames(mountPaths()));
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
        if (!"vmware-vmx".equals(nativeFormat)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX,
                    "Unsupported config format '" + nativeFormat + "'");
        }
        // the VM reference libvirt's dumpxml shows is the server's, no part of a definition
        String definition = xml.replaceAll("\\s*<vmware:moref>[^<]*</vmware:moref>", "");
        return VmxCodec.toVmx(DomainXmlCodec.parse(definition), new HostFileNames(mountPaths()),
                virtualHardwareVersion(context.productVersion())).format();
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

    /** The host's datastores by the path the host mounts them at. */
    private Map<String, String> mountPaths() {
        VimNode hostToDatastores = PropertyCollector.traversal("hostToDs", "HostSystem", "datastore", false);
        List<ObjectContent> found = EsxErrors.call(() -> context.properties.retrieve(
                List.of(PropertyCollector.objectSpec(context.refs.hostSystem(), true, hostToDatastores)),
                List.of(PropertyCollector.propertySpec("Datastore", "summary.name", "host"))));
        Map<String, String> datastores = new LinkedHashMap<>();
        for (ObjectContent datastore : found) {
            String name = datastore.text("summary.name");
            VimNode mounts = datastore.get("host").orElse(null);
            if (name == null || mounts == null) {
                continue;
            }
            for (VimNode mount : mounts.children()) {
                boolean ours = mount.child("key").map(k -> k.text().equals(context.refs.hostSystem().value()))
                        .orElse(false);
                String path = mount.textAt("mountInfo.path");
                if (ours && path != null && !path.isEmpty()) {
                    datastores.put(path, name);
                }
            }
        }
        return datastores;
    }

    /** libvirt's esxParseVMXFileName with no {@code .vmx} location: mount paths first, then /vmfs/volumes/NAME. */
    private record HostFileNames(Map<String, String> mountPaths) implements VmxFileNames {

        private static final VmxFileNames OFFLINE = new DatastorePathFileNames("[?] ?");

        @Override
        public String parse(String fileName, boolean allowMissing) {
            if (fileName.indexOf('/') >= 0 || fileName.indexOf('\\') >= 0) {
                for (Map.Entry<String, String> mount : mountPaths.entrySet()) {
                    if (fileName.startsWith(mount.getKey())) {
                        String rest = fileName.substring(mount.getKey().length()).replaceFirst("^[/\\\\]+", "");
                        return "[" + mount.getValue() + "] " + rest.replace('\\', '/');
                    }
                }
            }
            return OFFLINE.parse(fileName, allowMissing);
        }

        /** libvirt's esxFormatVMXFileName: {@code [ds] dir/file} under the datastore's mount path. */
        @Override
        public String format(String path) {
            if (!path.startsWith("[")) {
                return OFFLINE.format(path);
            }
            DatastorePath parsed = DatastorePath.parse(path);
            for (Map.Entry<String, String> mount : mountPaths.entrySet()) {
                if (mount.getValue().equals(parsed.datastore())) {
                    String root = mount.getKey();
                    char separator = root.indexOf('\\') >= 0 ? '\\' : '/';
                    while (root.length() > 1 && root.charAt(root.length() - 1) == separator) {
                        root = root.substring(0, root.length() - 1);
                    }
                    return root + separator + parsed.directoryAndFile().replace('/', separator);
                }
            }
            throw EsxErrors.internal("Could not find datastore with name '" + parsed.datastore() + "'");
        }
    }
}
