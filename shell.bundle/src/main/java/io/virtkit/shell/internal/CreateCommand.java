package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.StartFlag;

@Service
@Command(scope = "virt", name = "create", description = "Create and start a transient domain from an XML file",
        detailedDescription = "Creates a transient domain from a domain XML file and starts it. The domain has no "
                + "persistent definition: it vanishes when it stops.")
public class CreateCommand extends ConnectedCommand {

    @Argument(index = 0, name = "file", required = true, description = "The file containing the domain XML")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--paused", description = "Leave the guest's virtual CPUs paused once it is created")
    boolean paused;

    @Override
    void execute(Connection connection) throws Exception {
        String xml = XmlFile.read(file);
        Domain domain = Errors.call("Failed to create domain from " + file,
                () -> paused ? connection.createDomain(xml, StartFlag.PAUSED) : connection.createDomain(xml));
        System.out.println("Domain '" + domain.name() + "' created from " + file);
    }
}
