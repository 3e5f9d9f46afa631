package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "domuuid", description = "Convert a domain name or id to its UUID",
        detailedDescription = "Prints the domain's UUID.")
public class DomUuidCommand extends DomainCommand {

    @Override
    void execute(Domain domain) {
        System.out.println(domain.uuid());
    }
}
