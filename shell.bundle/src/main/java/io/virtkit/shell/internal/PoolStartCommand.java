package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolCreateFlag;

@Service
@Command(scope = "virt", name = "pool-start", description = "Start a defined, inactive pool",
        detailedDescription = "Starts a persistent storage pool that is inactive, building its storage first with "
                + "--build (--overwrite or --no-overwrite as for pool-build).")
public class PoolStartCommand extends StoragePoolCommand {

    @Option(name = "--build", description = "Build the pool's storage before starting it")
    boolean build;

    @Option(name = "--overwrite", description = "With --build, overwrite any existing data")
    boolean overwrite;

    @Option(name = "--no-overwrite", description = "With --build, do not overwrite any existing data")
    boolean noOverwrite;

    @Override
    void execute(StoragePool pool) throws Exception {
        StoragePoolCreateFlag[] flags = PoolStartFlags.of(build, overwrite, noOverwrite);
        Errors.run("Failed to start pool " + this.pool, () -> pool.start(flags));
        System.out.println("Pool " + this.pool + " started");
    }
}
