package io.virtkit.esx.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.esx.internal.vmx.DatastorePath;
import io.virtkit.esx.internal.vmx.VmxCodec;
import io.virtkit.esx.internal.vmx.VmxFile;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainNamespaces;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * A VM's domain XML and its definition, as libvirt's ESX driver: the XML is read from the VM's {@code .vmx}
 * on its datastore (libvirt's VMX rules, datastore paths for files); define writes the {@code .vmx} beside
 * the first file-backed disk, uploads it and registers the VM with the host; undefine unregisters it and
 * leaves its files. A define that fails half-way takes back what it did: the VM is not registered and the
 * uploaded {@code .vmx} is removed (or the file it replaced put back).
 */
final class EsxDomainDefinitions {

    private final EsxContext context;
    private final EsxInventory inventory;
    private final EsxDatastoreFiles files;
    private final EsxDatastores datastores;

    EsxDomainDefinitions(EsxContext context, EsxInventory inventory, EsxDatastoreFiles files) {
        this.context = context;
        this.inventory = inventory;
        this.files = files;
        this.datastores = new EsxDatastores(context); // file names in the .vmx are under their mount paths
    }

    /** The definition in a VM's {@code .vmx}. */
    DomainDefinition definition(EsxVm vm) {
        if (vm.vmxPath() == null) {
            throw EsxErrors.internal("Virtual machine '" + vm.name() + "' has no VMX file path");
        }
        DatastorePath vmxPath = DatastorePath.parse(vm.vmxPath());
        String vmx = new String(files.download(vmxPath), StandardCharsets.UTF_8);
        DomainDefinition def = VmxCodec.toDomain(VmxFile.parse(vmx),
                new EsxVmxFileNames(datastores::all, directoryOf(vmxPath)));
        // libvirt's ESX driver formats the VMX's definition as it is, without the post-parse step that gives an
        // hvm guest a boot disk (the codec's answer, as libvirt's VMware Workstation driver shows it)
        return def.toBuilder().os(def.os().toBuilder().bootDevices(List.of()).build())
                .namespaces(new DomainNamespaces(null, null, null, null, null, null, null, null,
                        context.refs.datacenterPath())).build();
    }

    /** The domain XML, with {@code id} while the VM runs and its reference as libvirt shows it. */
    String xml(EsxVm vm, XmlFlag... flags) {
        DomainDefinition def = definition(vm);
        String xml = vm.isActive() ? DomainXmlCodec.formatLive(def, vm.id(), flags) : DomainXmlCodec.format(def, flags);
        return withMoref(xml, vm.ref());
    }

    /**
     * libvirt 9.0 also shows the VM's managed object reference ({@code <vmware:moref>vm-9</vmware:moref>}) after
     * the datacenter path; the model keeps only the path (the reference is the server's, never the user's), so
     * it is added to the text here.
     */
    private static String withMoref(String xml, MoRef ref) {
        String moref = ref.value().startsWith("vm-") ? ref.value() : "vm-" + ref.value();
        String anchor = "</vmware:datacenterpath>\n";
        int at = xml.indexOf(anchor);
        if (at < 0) {
            return xml;
        }
        int lineStart = xml.lastIndexOf('\n', at) + 1;
        String indent = xml.substring(lineStart, xml.indexOf('<', lineStart));
        int end = at + anchor.length();
        return xml.substring(0, end) + indent + "<vmware:moref>" + moref + "</vmware:moref>\n" + xml.substring(end);
    }

    /** libvirt's {@code virDomainDefineXML} on ESX: a new VM only (editing an existing one is refused as libvirt). */
    DomainRef define(String xml) {
        DomainDefinition def = EsxMacAddresses.vmwareForMissing(xml, DomainXmlCodec.parse(stripMoref(xml)));
        if (!"vmware".equals(def.type())) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.ESX,
                    "domain type '" + def.type() + "' is not supported by the ESX driver (use 'vmware')");
        }
        UUID uuid = def.uuid();
        for (EsxVm existing : inventory.all()) {
            // libvirt looks for the UUID, then the name, and refuses either with the same words
            if (existing.uuid().equals(uuid) || existing.name().equals(def.name())) {
                throw EsxErrors.internal("Domain already exists, editing existing domains is not supported yet");
            }
        }
        DatastorePath vmxPath = vmxPathFor(def);
        VmxFile vmx = VmxCodec.toVmx(def, new EsxVmxFileNames(datastores::all, directoryOf(vmxPath)),
                EsxNativeConfigs.virtualHardwareVersion(context.productVersion()));
        byte[] previous = tryDownload(vmxPath);
        files.upload(vmxPath, vmx.format().getBytes(StandardCharsets.UTF_8));
        try {
            MoRef ref = EsxErrors.task("Could not define domain", () -> context.tasks.run(context.taskTimeout(),
                    "RegisterVM_Task", context.refs.vmFolder(), VimNode.leaf("path", vmxPath.toString()),
                    VimNode.leaf("name", EsxVm.escape(def.name())), VimNode.leaf("asTemplate", "false"),
                    context.refs.resourcePool().toNode("pool"), context.refs.hostSystem().toNode("host"))
                    .map(VimNode::asMoRef)
                    .orElseThrow(() -> EsxErrors.internal("RegisterVM_Task returned no virtual machine")));
            EsxVm vm = inventory.read(ref);
            if (vm == null) {
                throw EsxErrors.internal("The registered virtual machine '" + def.name() + "' disappeared");
            }
            return vm.toRef();
        } catch (RuntimeException e) {
            takeBack(vmxPath, previous, e);
            throw e;
        }
    }

    private void takeBack(DatastorePath vmxPath, byte[] previous, RuntimeException failure) {
        try {
            if (previous != null) {
                files.upload(vmxPath, previous);
            } else {
                files.delete(vmxPath);
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private byte[] tryDownload(DatastorePath path) {
        try {
            return files.download(path);
        } catch (VirtException e) {
            return null; // no such file yet (404), the usual case
        }
    }

    void undefine(DomainRef domain) {
        EsxVm vm = inventory.of(domain);
        if (vm.state() == io.virtkit.api.DomainState.RUNNING) {
            throw EsxErrors.invalid("Domain is not suspended or powered off");
        }
        EsxErrors.run(() -> context.session.call("UnregisterVM", vm.ref()));
        inventory.forget(vm.uuid());
    }

    /** Where libvirt puts a new VM's {@code .vmx}: beside its first file-backed hard disk, named after it. */
    static DatastorePath vmxPathFor(DomainDefinition def) {
        if (def.devices().disks().isEmpty()) {
            throw EsxErrors.internal("Domain XML doesn't contain any disks, cannot deduce datastore and path for VMX file");
        }
        Optional<DiskDevice> disk = def.devices().disks().stream()
                .filter(d -> d.device() == DiskDevice.Device.DISK && d.type() == DiskDevice.Type.FILE).findFirst();
        if (disk.isEmpty()) {
            throw EsxErrors.internal("Domain XML doesn't contain any file-based harddisks, cannot deduce datastore "
                    + "and path for VMX file");
        }
        String source = disk.get().source();
        if (source == null || source.isEmpty()) {
            throw EsxErrors.internal("First file-based harddisk has no source, cannot deduce datastore and path "
                    + "for VMX file");
        }
        if (!source.endsWith(".vmdk")) {
            throw EsxErrors.internal("Expecting source '" + source + "' of first file-based harddisk to be a VMDK image");
        }
        DatastorePath diskPath = DatastorePath.parse(source);
        String dir = directoryOf(diskPath).substring(diskPath.datastore().length() + 3);
        String file = EsxDatastoreItemNames.escape(def.name()) + ".vmx";
        return new DatastorePath(diskPath.datastore(), dir.isEmpty() ? file : dir + "/" + file);
    }

    /** {@code [ds] dir} of {@code [ds] dir/file} ({@code [ds] } for a file at the datastore's root). */
    static String directoryOf(DatastorePath path) {
        String inner = path.directoryAndFile();
        int slash = inner.lastIndexOf('/');
        return "[" + path.datastore() + "] " + (slash < 0 ? "" : inner.substring(0, slash));
    }

    /** libvirt's XML carries {@code <vmware:moref>} (the server's), which a definition never sets. */
    private static String stripMoref(String xml) {
        return xml.replaceAll("\\s*<vmware:moref>[^<]*</vmware:moref>", "");
    }
}
