package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.virtkit.api.Connection;
import io.virtkit.api.Network;

@Service
@Command(scope = "virt", name = "net-create", description = "Create and start a transient network from an XML file",
        detailedDescription = "Creates a transient network from a network XML file and starts it. It has no persistent definition: it vanishes when it is destroyed.")
public class NetCreateCommand extends ConnectedCommand {

    @Argument(index = 0, name = "file", required = true, description = "The file containing the network XML")
    @Completion(FileCompleter.class)
    String file;

    @Override
    void execute(Connection connection) throws Exception {
        String xml = XmlFile.read(file);
        Network network = Errors.call("Failed to create network from " + file, () -> connection.createNetwork(xml));
        System.out.println("Network " + network.name() + " created from " + file);
    }
}
