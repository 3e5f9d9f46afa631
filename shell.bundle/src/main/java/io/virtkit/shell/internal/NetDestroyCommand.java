package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Network;

@Service
@Command(scope = "virt", name = "net-destroy", description = "Stop an active network",
        detailedDescription = "Stops an active network and removes what its start created. A transient network vanishes; a persistent one stays defined, inactive.")
public class NetDestroyCommand extends NetworkCommand {

    @Override
    void execute(Network network) throws Exception {
        Errors.run("Failed to destroy network " + this.network, network::destroy);
        System.out.println("Network " + network.name() + " destroyed");
    }
}
