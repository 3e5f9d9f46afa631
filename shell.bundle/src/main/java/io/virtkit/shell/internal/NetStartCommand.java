package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Network;

@Service
@Command(scope = "virt", name = "net-start", description = "Start a defined, inactive network",
        detailedDescription = "Starts a persistent network that is inactive: its bridge, addresses and DHCP server come up.")
public class NetStartCommand extends NetworkCommand {

    @Override
    void execute(Network network) throws Exception {
        Errors.run("Failed to start network " + this.network, network::start);
        System.out.println("Network " + network.name() + " started");
    }
}
