package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeCreateFlag;

@Service
@Command(scope = "virt", name = "vol-create-as", description = "Create a volume from its name, size and options",
        detailedDescription = "Creates a volume in the pool with the capacity given (bytes, or with virsh's "
                + "suffixes: 10G, 512M, 1GB…), --allocation bytes allocated at once, a --format (raw, qcow2…) and "
                + "an optional backing volume (--backing-vol, its name in the pool, key or path, and "
                + "--backing-vol-format). --print-xml shows the XML without creating the volume.")
public class VolCreateAsCommand extends StoragePoolCommand {

    @Argument(index = 1, name = "name", required = true, description = "The new volume's name")
    String name;

    @Argument(index = 2, name = "capacity", required = true, description = "The volume's capacity, e.g. 10G")
    String capacity;

    @Option(name = "--allocation", description = "How much to allocate at once, e.g. 1G")
    String allocation;

    @Option(name = "--format", description = "The volume's format (raw, qcow2…)")
    @Completion(value = StringsCompleter.class, values = {"raw", "qcow2", "qed", "vmdk", "vdi", "vpc"})
    String format;

    @Option(name = "--backing-vol", description = "The backing volume: its name in this pool, its key or its path")
    String backingVol;

    @Option(name = "--backing-vol-format", description = "The backing volume's format")
    String backingVolFormat;

    @Option(name = "--prealloc-metadata", description = "Preallocate the metadata (qcow2)")
    boolean preallocMetadata;

    @Option(name = "--print-xml", description = "Print the volume XML instead of creating the volume")
    boolean printXml;

    @Override
    void execute(StoragePool pool) throws Exception {
        long bytes = VirshSize.parse(capacity);
        Long allocated = allocation == null ? null : VirshSize.parse(allocation);
        String backingPath = null;
        if (backingVol != null) {
            backingPath = StorageLookup.volume(pool.connection(), backingVol, this.pool).path();
        }
        String xml = new VolumeXmlBuilder(name, bytes, allocated, format, backingPath, backingVolFormat).xml();
        if (printXml) {
            System.out.print(xml);
            return;
        }
        StorageVolumeCreateFlag[] flags = preallocMetadata
                ? new StorageVolumeCreateFlag[] {StorageVolumeCreateFlag.PREALLOC_METADATA}
                : new StorageVolumeCreateFlag[0];
        StorageVolume volume = Errors.call("Failed to create vol " + name, () -> pool.createVolume(xml, flags));
        System.out.println("Vol " + volume.name() + " created");
    }
}
