package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeCreateFlag;

@Service
@Command(scope = "virt", name = "vol-create", description = "Create a volume from an XML file",
        detailedDescription = "Creates a volume in the pool from a volume XML file.")
public class VolCreateCommand extends StoragePoolCommand {

    @Argument(index = 1, name = "file", required = true, description = "The file containing the volume XML")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--prealloc-metadata", description = "Preallocate the metadata (qcow2)")
    boolean preallocMetadata;

    @Override
    void execute(StoragePool pool) throws Exception {
        String xml = XmlFile.read(file);
        StorageVolumeCreateFlag[] flags = preallocMetadata
                ? new StorageVolumeCreateFlag[] {StorageVolumeCreateFlag.PREALLOC_METADATA}
                : new StorageVolumeCreateFlag[0];
        StorageVolume volume = Errors.call("Failed to create vol from " + file, () -> pool.createVolume(xml, flags));
        System.out.println("Vol " + volume.name() + " created from " + file);
    }
}
