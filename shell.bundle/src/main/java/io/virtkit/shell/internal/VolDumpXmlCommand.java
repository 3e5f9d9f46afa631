package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.StorageVolume;

@Service
@Command(scope = "virt", name = "vol-dumpxml", description = "Print a volume's XML description",
        detailedDescription = "Prints the volume XML: its name, key, sizes and target (path, format, permissions).")
public class VolDumpXmlCommand extends StorageVolumeCommand {

    @Override
    void execute(Connection connection, StorageVolume volume) {
        Output.printBlock(volume.xml());
    }
}
