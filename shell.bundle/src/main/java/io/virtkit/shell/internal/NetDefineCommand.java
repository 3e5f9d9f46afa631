package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.virtkit.api.Connection;
import io.virtkit.api.Network;

@Service
@Command(scope = "virt", name = "net-define", description = "Define (but do not start) a network from an XML file",
        detailedDescription = "Defines a persistent network from a network XML file, or updates the definition of the network with the same name and UUID. The network is not started.")
public class NetDefineCommand extends ConnectedCommand {

    @Argument(index = 0, name = "file", required = true, description = "The file containing the network XML")
    @Completion(FileCompleter.class)
    String file;

    @Override
    void execute(Connection connection) throws Exception {
        String xml = XmlFile.read(file);
        Network network = Errors.call("Failed to define network from " + file, () -> connection.defineNetwork(xml));
        System.out.println("Network " + network.name() + " defined from " + file);
    }
}
