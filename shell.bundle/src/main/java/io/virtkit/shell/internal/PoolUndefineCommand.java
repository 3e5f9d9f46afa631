package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.StoragePool;

@Service
@Command(scope = "virt", name = "pool-undefine", description = "Remove an inactive pool's definition",
        detailedDescription = "Removes the persistent definition of an inactive storage pool; its storage stays.")
public class PoolUndefineCommand extends StoragePoolCommand {

    @Override
    void execute(StoragePool pool) throws Exception {
        Errors.run("Failed to undefine pool " + this.pool, () -> pool.undefine());
        System.out.println("Pool " + this.pool + " has been undefined");
    }
}
