package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.StorageVolume;

@Service
@Command(scope = "virt", name = "vol-name", description = "Print a volume's name",
        detailedDescription = "Prints the name of the volume with that key or path.")
public class VolNameCommand extends StorageVolumeCommand {

    @Override
    void execute(Connection connection, StorageVolume volume) {
        System.out.println(volume.name());
    }
}
