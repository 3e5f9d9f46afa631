package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;

@Service
@Command(scope = "virt", name = "capabilities", description = "Print the host's capabilities XML",
        detailedDescription = "Prints the <capabilities> XML describing the host and the guests it can run, "
                + "as virsh capabilities does.")
public class CapabilitiesCommand extends ConnectedCommand {

    @Override
    void execute(Connection connection) throws Exception {
        Output.printBlock(Errors.call("failed to get capabilities", connection::capabilities));
    }
}
