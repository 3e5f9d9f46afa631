package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.virtkit.api.Connection;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolCreateFlag;

@Service
@Command(scope = "virt", name = "pool-create", description = "Create and start a transient pool from an XML file",
        detailedDescription = "Creates a transient storage pool from a pool XML file and starts it, building its "
                + "storage first with --build. It vanishes when it is destroyed.")
public class PoolCreateCommand extends ConnectedCommand {

    @Argument(index = 0, name = "file", required = true, description = "The file containing the pool XML")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--build", description = "Build the pool's storage before starting it")
    boolean build;

    @Option(name = "--overwrite", description = "With --build, overwrite any existing data")
    boolean overwrite;

    @Option(name = "--no-overwrite", description = "With --build, do not overwrite any existing data")
    boolean noOverwrite;

    @Override
    void execute(Connection connection) throws Exception {
        String xml = XmlFile.read(file);
        StoragePoolCreateFlag[] flags = PoolStartFlags.of(build, overwrite, noOverwrite);
        StoragePool pool = Errors.call("Failed to create pool from " + file,
                () -> connection.createStoragePool(xml, flags));
        System.out.println("Pool " + pool.name() + " created from " + file);
    }
}
