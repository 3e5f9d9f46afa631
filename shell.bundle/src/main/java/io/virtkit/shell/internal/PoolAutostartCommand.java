package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.StoragePool;

@Service
@Command(scope = "virt", name = "pool-autostart", description = "Set whether a pool starts with its host",
        detailedDescription = "Marks a persistent storage pool to be started automatically when the host starts, "
                + "or with --disable unmarks it. Transient pools cannot be autostarted.")
public class PoolAutostartCommand extends StoragePoolCommand {

    @Option(name = "--disable", description = "Unmark the pool instead of marking it")
    boolean disable;

    @Override
    void execute(StoragePool pool) throws Exception {
        Errors.run("failed to " + (disable ? "unmark" : "mark") + " pool " + this.pool + " as autostarted",
                () -> pool.setAutostart(!disable));
        System.out.println("Pool " + this.pool + " " + (disable ? "unmarked" : "marked") + " as autostarted");
    }
}
