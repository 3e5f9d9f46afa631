package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Network;

@Service
@Command(scope = "virt", name = "net-undefine", description = "Remove a network's persistent definition",
        detailedDescription = "Removes the persistent definition of an inactive network, as virsh net-undefine.")
public class NetUndefineCommand extends NetworkCommand {

    @Override
    void execute(Network network) throws Exception {
        Errors.run("Failed to undefine network " + this.network, network::undefine);
        System.out.println("Network " + network.name() + " has been undefined");
    }
}
