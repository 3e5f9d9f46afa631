package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.StoragePool;

@Service
@Command(scope = "virt", name = "pool-refresh", description = "Look at an active pool's volumes again",
        detailedDescription = "Refreshes an active pool: its volumes and sizes are read again from its storage.")
public class PoolRefreshCommand extends StoragePoolCommand {

    @Override
    void execute(StoragePool pool) throws Exception {
        Errors.run("Failed to refresh pool " + this.pool, () -> pool.refresh());
        System.out.println("Pool " + this.pool + " refreshed");
    }
}
