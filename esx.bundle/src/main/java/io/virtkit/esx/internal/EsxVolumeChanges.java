package io.virtkit.esx.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.StorageVolumeRef;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.esx.internal.vim.VimTaskException;
import io.virtkit.esx.internal.vmx.DatastorePath;
import io.virtkit.model.storage.StorageVolumeDefinition;
import io.virtkit.model.storage.StorageVolumeXmlCodec;

/**
 * Making, deleting and zeroing virtual disks through the host's virtual disk manager, as libvirt's VMFS
 * backend: a volume is a {@code .vmdk} in a directory of the datastore ({@code dir/file.vmdk}), thin when its
 * allocation is 0 and preallocated when it equals its capacity, on a BusLogic adapter.
 *
 * <p>Unlike libvirt, every refusal comes before anything is changed on the host (libvirt makes the directory
 * first and then refuses an allocation between 0 and the capacity), and a failed create takes back the
 * directory it made.
 */
final class EsxVolumeChanges {

    private final EsxContext context;
    private final EsxVolumeFiles files;

    EsxVolumeChanges(EsxContext context, EsxVolumeFiles files) {
        this.context = context;
        this.files = files;
    }

    /** {@code virStorageVolCreateXML} on the datastore {@code ds}; the new volume's handle. */
    StorageVolumeRef create(EsxDatastore ds, String xml) {
        StorageVolumeDefinition def = checked(StorageVolumeXmlCodec.parse(xml));
        String diskType;
        if (def.allocation() == def.capacity()) {
            diskType = "preallocated";
        } else if (def.allocation() == 0) {
            diskType = "thin";
        } else {
            throw EsxErrors.internal("Unsupported capacity-to-allocation relation");
        }
        VimNode spec = VimNode.of("spec", VimNode.leaf("diskType", diskType), VimNode.leaf("adapterType", "busLogic"),
                VimNode.leaf("capacityKb", Long.toString((def.capacity() + 1023) / 1024)))
                .typed("FileBackedVirtualDiskSpec");
        DatastorePath path = new DatastorePath(ds.name(), def.name());
        return inDirectory(ds, def.name(), () -> runTask("Could not create volume", "CreateVirtualDisk_Task",
                VimNode.leaf("name", path.toString()), context.refs.datacenter().toNode("datacenter"), spec));
    }

    /** {@code virStorageVolCreateXMLFrom}: a copy of {@code source} ({@code CopyVirtualDisk_Task}) on {@code ds}. */
    StorageVolumeRef copy(EsxDatastore ds, String xml, StorageVolumeRef source) {
        StorageVolumeDefinition def = checked(StorageVolumeXmlCodec.parseWithoutCapacity(xml));
        DatastorePath path = new DatastorePath(ds.name(), def.name());
        VimNode datacenter = context.refs.datacenter().toNode("sourceDatacenter");
        return inDirectory(ds, def.name(), () -> runTask("Could not copy volume", "CopyVirtualDisk_Task",
                VimNode.leaf("sourceName", new DatastorePath(source.pool(), source.name()).toString()), datacenter,
                VimNode.leaf("destName", path.toString()), context.refs.datacenter().toNode("destDatacenter"),
                VimNode.leaf("force", "false")));
    }

    /** libvirt's checks of a new volume: a file {@code dir/name.vmdk} in format vmdk. */
    private static StorageVolumeDefinition checked(StorageVolumeDefinition def) {
        if (def.type() != StorageVolumeDefinition.Type.FILE) {
            throw noSupport("Creating non-file volumes is not supported");
        }
        String name = def.name();
        int slash = name.lastIndexOf('/');
        if (slash < 0 || name.startsWith("/") || slash == name.length() - 1) {
            throw EsxErrors.internal("Volume name '" + name + "' doesn't have expected format '<directory>/<file>'");
        }
        if (!name.endsWith(".vmdk")) {
            throw noSupport("Volume name '" + name + "' has unsupported suffix, expecting '.vmdk'");
        }
        String format = def.target().format() == null ? "raw" : def.target().format();
        if (!format.equals("vmdk")) {
            throw noSupport("Creation of " + format + " volumes is not supported");
        }
        return def;
    }

    /** Runs {@code making} with the volume's directory there, made now if needed and taken back on failure. */
    private StorageVolumeRef inDirectory(EsxDatastore ds, String name, Runnable making) {
        String directory = "[" + ds.name() + "] " + name.substring(0, name.lastIndexOf('/'));
        boolean madeDirectory = makeDirectory(directory);
        try {
            making.run();
            return new StorageVolumeRef(ds.name(), name, files.diskUuid(new DatastorePath(ds.name(), name)));
        } catch (RuntimeException e) {
            if (madeDirectory) {
                removeDirectory(directory, e);
            }
            throw e;
        }
    }

    /** {@code virStorageVolDelete}: {@code DeleteVirtualDisk_Task} (the descriptor and its extents). */
    void delete(StorageVolumeRef volume) {
        runTask("Could not delete volume", "DeleteVirtualDisk_Task",
                VimNode.leaf("name", new DatastorePath(volume.pool(), volume.name()).toString()),
                context.refs.datacenter().toNode("datacenter"));
    }

    /** {@code virStorageVolWipe}: {@code ZeroFillVirtualDisk_Task}. */
    void wipe(StorageVolumeRef volume) {
        runTask("Could not wipe volume", "ZeroFillVirtualDisk_Task",
                VimNode.leaf("name", new DatastorePath(volume.pool(), volume.name()).toString()),
                context.refs.datacenter().toNode("datacenter"));
    }

    /** Makes {@code directory} with its parents; whether it was made now (false: it was there). */
    private boolean makeDirectory(String directory) {
        try {
            context.session.call("MakeDirectory", context.session.serviceObject("fileManager"),
                    VimNode.leaf("name", directory), context.refs.datacenter().toNode("datacenter"),
                    VimNode.leaf("createParentDirectories", "true"));
            return true;
        } catch (io.virtkit.esx.internal.vim.VimFault fault) {
            if (fault.is("FileAlreadyExists")) {
                return false;
            }
            throw EsxErrors.translate(fault, null);
        } catch (RuntimeException e) {
            throw EsxErrors.translate(e, null);
        }
    }

    private void removeDirectory(String directory, RuntimeException failure) {
        try {
            context.tasks.run(context.taskTimeout(), "DeleteDatastoreFile_Task",
                    context.session.serviceObject("fileManager"), VimNode.leaf("name", directory),
                    context.refs.datacenter().toNode("datacenter"));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void runTask(String what, String method, VimNode... arguments) {
        try {
            context.tasks.run(context.taskTimeout(), method, context.session.serviceObject("virtualDiskManager"),
                    arguments);
        } catch (VimTaskException e) {
            if (e.timedOut()) {
                throw EsxErrors.translate(e, what);
            }
            throw EsxErrors.internal(what + ": " + EsxVolumeFiles.taskMessage(e));
        } catch (RuntimeException e) {
            throw EsxErrors.translate(e, null);
        }
    }

    private static VirtException noSupport(String message) {
        return new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.ESX, message);
    }
}
