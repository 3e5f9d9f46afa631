package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "destroy", description = "Stop a domain at once",
        detailedDescription = "Stops a running domain immediately, like pulling the power plug. A persistent domain stays"
                + " defined (shut off, reason destroyed); a transient one vanishes.")
public class DestroyCommand extends DomainCommand {

    @Override
    void execute(Domain domain) throws Exception {
        // Named first: a transient domain may be gone once the call returns.
        String name = domain.name();
        Errors.run("Failed to destroy domain '" + this.domain + "'", domain::destroy);
        System.out.println("Domain '" + name + "' destroyed");
    }
}
