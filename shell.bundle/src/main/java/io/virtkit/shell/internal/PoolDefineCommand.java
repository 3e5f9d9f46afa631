package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.virtkit.api.Connection;
import io.virtkit.api.StoragePool;

@Service
@Command(scope = "virt", name = "pool-define", description = "Define (but do not start) a pool from an XML file",
        detailedDescription = "Defines a persistent storage pool from a pool XML file, or updates the definition of "
                + "the pool with the same name and UUID. The pool is neither built nor started.")
public class PoolDefineCommand extends ConnectedCommand {

    @Argument(index = 0, name = "file", required = true, description = "The file containing the pool XML")
    @Completion(FileCompleter.class)
    String file;

    @Override
    void execute(Connection connection) throws Exception {
        String xml = XmlFile.read(file);
        StoragePool pool = Errors.call("Failed to define pool from " + file, () -> connection.defineStoragePool(xml));
        System.out.println("Pool " + pool.name() + " defined from " + file);
    }
}
