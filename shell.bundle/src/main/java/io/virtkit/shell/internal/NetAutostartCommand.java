package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Network;

@Service
@Command(scope = "virt", name = "net-autostart", description = "Set whether a network starts with its host",
        detailedDescription = "Marks a persistent network to be started automatically when the host starts, "
                + "or with --disable unmarks it. Transient networks cannot be autostarted.")
public class NetAutostartCommand extends NetworkCommand {

    @Option(name = "--disable", description = "Unmark the network instead of marking it")
    boolean disable;

    @Override
    void execute(Network network) throws Exception {
        Errors.run("failed to " + (disable ? "unmark" : "mark") + " network " + this.network + " as autostarted",
                () -> network.setAutostart(!disable));
        System.out.println("Network " + network.name() + " " + (disable ? "unmarked" : "marked") + " as autostarted");
    }
}
