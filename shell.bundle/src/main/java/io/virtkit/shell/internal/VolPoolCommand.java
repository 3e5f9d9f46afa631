package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.StorageVolume;

@Service
@Command(scope = "virt", name = "vol-pool", description = "Print the pool a volume is in",
        detailedDescription = "Prints the name of the pool holding the volume with that key or path, or with --uuid its UUID.")
public class VolPoolCommand extends StorageVolumeCommand {

    @Option(name = "--uuid", description = "Print the pool's UUID rather than its name")
    boolean uuid;

    @Override
    void execute(Connection connection, StorageVolume volume) {
        System.out.println(uuid ? volume.pool().uuid().toString() : volume.poolName());
    }
}
