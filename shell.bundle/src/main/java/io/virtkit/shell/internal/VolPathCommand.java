package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.StorageVolume;

@Service
@Command(scope = "virt", name = "vol-path", description = "Print a volume's path",
        detailedDescription = "Prints where the volume is on the host, given its name with --pool, or its key.")
public class VolPathCommand extends StorageVolumeCommand {

    @Override
    void execute(Connection connection, StorageVolume volume) {
        System.out.println(volume.path());
    }
}
