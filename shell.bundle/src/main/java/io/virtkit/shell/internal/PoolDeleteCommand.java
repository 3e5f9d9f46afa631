package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.StoragePool;

@Service
@Command(scope = "virt", name = "pool-delete", description = "Delete an inactive pool's storage",
        detailedDescription = "Deletes the underlying storage of an inactive pool (its directory, file system or volume group); the definition stays.")
public class PoolDeleteCommand extends StoragePoolCommand {

    @Override
    void execute(StoragePool pool) throws Exception {
        Errors.run("Failed to delete pool " + this.pool, () -> pool.delete());
        System.out.println("Pool " + this.pool + " deleted");
    }
}
