package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "domid", description = "Convert a domain name or UUID to its id",
        detailedDescription = "Prints the id of a running domain, or '-' for an inactive one, which has no id.")
public class DomIdCommand extends DomainCommand {

    @Override
    void execute(Domain domain) {
        int id = domain.id();
        System.out.println(id < 0 ? "-" : Integer.toString(id));
    }
}
