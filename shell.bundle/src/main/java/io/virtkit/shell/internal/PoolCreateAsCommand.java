package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.StoragePool;

@Service
@Command(scope = "virt", name = "pool-create-as", description = "Create and start a transient pool from options",
        detailedDescription = "Creates and starts a transient storage pool of the given type from options, as "
                + "pool-define-as takes them, building its storage first with --build. --print-xml shows the XML.")
public class PoolCreateAsCommand extends PoolAsCommand {

    @Option(name = "--build", description = "Build the pool's storage before starting it")
    boolean build;

    @Option(name = "--overwrite", description = "With --build, overwrite any existing data")
    boolean overwrite;

    @Option(name = "--no-overwrite", description = "With --build, do not overwrite any existing data")
    boolean noOverwrite;

    @Override
    void execute(Connection connection, String xml) throws Exception {
        var flags = PoolStartFlags.of(build, overwrite, noOverwrite);
        StoragePool pool = Errors.call("Failed to create pool " + name, () -> connection.createStoragePool(xml, flags));
        System.out.println("Pool " + pool.name() + " created");
    }
}
