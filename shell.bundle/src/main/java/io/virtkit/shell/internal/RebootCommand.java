package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "reboot", description = "Reboot a domain",
        detailedDescription = "Asks the guest to reboot; the domain keeps running.")
public class RebootCommand extends DomainCommand {

    @Override
    void execute(Domain domain) throws Exception {
        // Named first: a transient domain may be gone once the call returns.
        String name = domain.name();
        Errors.run("Failed to reboot domain '" + this.domain + "'", domain::reboot);
        System.out.println("Domain '" + name + "' is being rebooted");
    }
}
