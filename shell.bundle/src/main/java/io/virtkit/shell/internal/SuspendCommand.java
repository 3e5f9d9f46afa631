package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "suspend", description = "Pause a running domain",
        detailedDescription = "Pauses the domain's virtual CPUs; it keeps its memory and resources (state paused, reason "
                + "user). Use virt:resume to continue.")
public class SuspendCommand extends DomainCommand {

    @Override
    void execute(Domain domain) throws Exception {
        // Named first: a transient domain may be gone once the call returns.
        String name = domain.name();
        Errors.run("Failed to suspend domain '" + this.domain + "'", domain::suspend);
        System.out.println("Domain '" + name + "' suspended");
    }
}
