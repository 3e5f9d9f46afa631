package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "undefine", description = "Remove a domain's persistent definition",
        detailedDescription = "Removes the persistent definition of a domain. An inactive domain vanishes; a "
                + "running one keeps running as a transient domain and vanishes when it stops.")
public class UndefineCommand extends DomainCommand {

    @Override
    void execute(Domain domain) throws Exception {
        String name = domain.name();
        Errors.run("Failed to undefine domain '" + this.domain + "'", domain::undefine);
        System.out.println("Domain '" + name + "' has been undefined");
    }
}
