package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.StoragePool;

@Service
@Command(scope = "virt", name = "pool-define-as", description = "Define a pool from its name, type and options",
        detailedDescription = "Defines a persistent storage pool of the given type from options rather than a file: "
                + "--target is its directory or mount point, --source-dev, --source-format, --source-name, "
                + "--source-path and --source-host its source. --print-xml shows the XML without defining it.")
public class PoolDefineAsCommand extends PoolAsCommand {

    @Override
    void execute(Connection connection, String xml) throws Exception {
        StoragePool pool = Errors.call("Failed to define pool " + name, () -> connection.defineStoragePool(xml));
        System.out.println("Pool " + pool.name() + " defined");
    }
}
