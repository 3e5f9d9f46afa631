package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;

@Service
@Command(scope = "virt", name = "hostname", description = "Print the hypervisor's host name",
        detailedDescription = "Prints the host name of the connected hypervisor, as virsh hostname does.")
public class HostnameCommand extends ConnectedCommand {

    @Override
    void execute(Connection connection) throws Exception {
        System.out.println(Errors.call("failed to get hostname", connection::hostname));
    }
}
