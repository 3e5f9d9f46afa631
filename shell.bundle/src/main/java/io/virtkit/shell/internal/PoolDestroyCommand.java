package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.StoragePool;

@Service
@Command(scope = "virt", name = "pool-destroy", description = "Stop an active pool",
        detailedDescription = "Stops an active storage pool; its storage and volumes stay. A transient pool vanishes.")
public class PoolDestroyCommand extends StoragePoolCommand {

    @Override
    void execute(StoragePool pool) throws Exception {
        Errors.run("Failed to destroy pool " + this.pool, () -> pool.destroy());
        System.out.println("Pool " + this.pool + " destroyed");
    }
}
