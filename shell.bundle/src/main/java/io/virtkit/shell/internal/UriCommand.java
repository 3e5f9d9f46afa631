package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;

@Service
@Command(scope = "virt", name = "uri", description = "Print the hypervisor's canonical URI",
        detailedDescription = "Prints the canonical URI of the connection, as virsh uri does.")
public class UriCommand extends ConnectedCommand {

    @Override
    void execute(Connection connection) throws Exception {
        System.out.println(Errors.call("failed to get URI", connection::uri));
    }
}
