package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;

import io.virtkit.api.Connection;
import io.virtkit.api.StorageVolume;

/** A command on one volume, given as virsh takes it: a name with --pool, or a key or path. */
abstract class StorageVolumeCommand extends ConnectedCommand {

    @Argument(index = 0, name = "vol", required = true, description = "The volume's name (with --pool), key or path")
    @Completion(StorageVolumeCompleter.class)
    String vol;

    @Option(name = "--pool", description = "The name or UUID of the pool holding the volume")
    @Completion(StoragePoolCompleter.class)
    String pool;

    @Override
    final void execute(Connection connection) throws Exception {
        execute(connection, StorageLookup.volume(connection, vol, pool));
    }

    abstract void execute(Connection connection, StorageVolume volume) throws Exception;
}
