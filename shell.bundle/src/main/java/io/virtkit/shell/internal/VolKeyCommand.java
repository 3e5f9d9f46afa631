package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.StorageVolume;

@Service
@Command(scope = "virt", name = "vol-key", description = "Print a volume's key",
        detailedDescription = "Prints the volume's host-wide unique key (usually its path), given its name with --pool, or its path.")
public class VolKeyCommand extends StorageVolumeCommand {

    @Override
    void execute(Connection connection, StorageVolume volume) {
        System.out.println(volume.key());
    }
}
