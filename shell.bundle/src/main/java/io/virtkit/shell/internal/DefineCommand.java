package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "define", description = "Define (but do not start) a domain from an XML file",
        detailedDescription = "Defines a persistent domain from a domain XML file, or updates the definition of "
                + "the domain with the same name and UUID. The domain is not started.")
public class DefineCommand extends ConnectedCommand {

    @Argument(index = 0, name = "file", required = true, description = "The file containing the domain XML")
    @Completion(FileCompleter.class)
    String file;

    @Override
    void execute(Connection connection) throws Exception {
        String xml = XmlFile.read(file);
        Domain domain = Errors.call("Failed to define domain from " + file, () -> connection.defineDomain(xml));
        System.out.println("Domain '" + domain.name() + "' defined from " + file);
    }
}
