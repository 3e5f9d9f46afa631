package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.virtkit.api.Connection;

@Service
@Command(scope = "virt", name = "restore", description = "Restore a domain from a file save wrote",
        detailedDescription = "Runs the domain whose state save wrote to FILE again: the defined domain of that "
                + "name and UUID when there is one, else a transient one. --xml gives a domain XML to use instead of "
                + "the image's; --running or --paused choose the state it is restored in.")
public class RestoreCommand extends ConnectedCommand {

    @Argument(index = 0, name = "file", required = true, description = "The file save wrote")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--bypass-cache", description = "Avoid the host's file system cache while restoring")
    boolean bypassCache;

    @Option(name = "--running", description = "Have the domain running once restored")
    boolean running;

    @Option(name = "--paused", description = "Leave the domain paused once restored")
    boolean paused;

    @Option(name = "--xml", description = "A file with the domain XML to use instead of the image's")
    @Completion(FileCompleter.class)
    String xmlFile;

    @Override
    void execute(Connection connection) throws Exception {
        String xml = xmlFile == null ? null : XmlFile.read(xmlFile);
        Errors.run("Failed to restore domain from " + file,
                () -> connection.restoreDomain(file, xml, SaveFlags.of(bypassCache, running, paused)));
        System.out.println("Domain restored from " + file);
    }
}
