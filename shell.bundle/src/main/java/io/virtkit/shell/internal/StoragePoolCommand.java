package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

import io.virtkit.api.Connection;
import io.virtkit.api.StoragePool;
import io.virtkit.api.VirtException;

/** A command on one storage pool, given as virsh takes it: UUID or name. */
abstract class StoragePoolCommand extends ConnectedCommand {

    @Argument(index = 0, name = "pool", required = true, description = "The pool's name or UUID")
    @Completion(StoragePoolCompleter.class)
    String pool;

    @Override
    final void execute(Connection connection) throws Exception {
        StoragePool found;
        try {
            found = StorageLookup.pool(connection, pool);
        } catch (VirtException e) {
            // virsh keeps the driver's reason after its own line for pools
            throw Errors.of("failed to get pool '" + pool + "'", e);
        }
        execute(found);
    }

    abstract void execute(StoragePool pool) throws Exception;
}
