package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "resume", description = "Resume a paused domain",
        detailedDescription = "Resumes the virtual CPUs of a paused domain (state running, reason unpaused).")
public class ResumeCommand extends DomainCommand {

    @Override
    void execute(Domain domain) throws Exception {
        // Named first: a transient domain may be gone once the call returns.
        String name = domain.name();
        Errors.run("Failed to resume domain '" + this.domain + "'", domain::resume);
        System.out.println("Domain '" + name + "' resumed");
    }
}
