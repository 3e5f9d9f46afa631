package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "shutdown", description = "Gracefully shut down a domain",
        detailedDescription = "Asks the guest to shut down. The domain is 'in shutdown' until the guest has stopped, then"
                + " shut off; a transient domain then vanishes.")
public class ShutdownCommand extends DomainCommand {

    @Override
    void execute(Domain domain) throws Exception {
        // Named first: a transient domain may be gone once the call returns.
        String name = domain.name();
        Errors.run("Failed to shutdown domain '" + this.domain + "'", domain::shutdown);
        System.out.println("Domain '" + name + "' is being shutdown");
    }
}
