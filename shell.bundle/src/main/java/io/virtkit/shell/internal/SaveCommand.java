package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "save", description = "Save a running domain's state to a file and stop it",
        detailedDescription = "Saves the running domain's memory state to FILE, on the host the driver runs on, and "
                + "stops the domain (state shut off, reason saved; a transient domain vanishes). restore runs it "
                + "again from the file. --xml gives a domain XML to keep in the image instead of the domain's own; "
                + "--running or --paused choose the state the domain is restored in.")
public class SaveCommand extends DomainSaveCommand {

    @Argument(index = 1, name = "file", required = true, description = "Where to save the domain's state")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--xml", description = "A file with the domain XML to keep in the image instead")
    @Completion(FileCompleter.class)
    String xmlFile;

    @Override
    void execute(Domain domain) throws Exception {
        String xml = xmlFile == null ? null : XmlFile.read(xmlFile);
        Errors.run("Failed to save domain '" + this.domain + "' to " + file, () -> domain.save(file, xml, saveFlags()));
        System.out.println();
        System.out.println("Domain '" + this.domain + "' saved to " + file);
    }
}
