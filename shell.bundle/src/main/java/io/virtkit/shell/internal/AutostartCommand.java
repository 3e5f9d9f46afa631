package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "autostart", description = "Set whether a domain starts with its host",
        detailedDescription = "Marks a persistent domain to be started automatically when the hypervisor starts, "
                + "or with --disable unmarks it. Transient domains cannot be autostarted.")
public class AutostartCommand extends DomainCommand {

    @Option(name = "--disable", description = "Unmark the domain instead of marking it")
    boolean disable;

    @Override
    void execute(Domain domain) throws Exception {
        Errors.run("Failed to " + (disable ? "unmark" : "mark") + " domain '" + this.domain + "' as autostarted",
                () -> domain.setAutostart(!disable));
        System.out.println("Domain '" + domain.name() + "' " + (disable ? "unmarked" : "marked") + " as autostarted");
    }
}
