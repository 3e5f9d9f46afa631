package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.StorageVolume;

@Service
@Command(scope = "virt", name = "vol-delete", description = "Delete a volume",
        detailedDescription = "Deletes the volume and its data from its pool.")
public class VolDeleteCommand extends StorageVolumeCommand {

    @Override
    void execute(Connection connection, StorageVolume volume) throws Exception {
        Errors.run("Failed to delete vol " + vol, () -> volume.delete());
        System.out.println("Vol " + vol + " deleted");
    }
}
