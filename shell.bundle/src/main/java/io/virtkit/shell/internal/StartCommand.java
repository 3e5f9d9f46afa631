package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.StartFlag;

@Service
@Command(scope = "virt", name = "start", description = "Start a defined, inactive domain",
        detailedDescription = "Starts a defined domain that is shut off. With --autodestroy the domain is "
                + "destroyed when the connection that started it closes; each virt: command opens its own "
                + "connection, so that is when this command returns, as with a one-shot virsh start --autodestroy.")
public class StartCommand extends DomainCommand {

    @Option(name = "--paused", description = "Leave the guest's virtual CPUs paused once it is started")
    boolean paused;

    @Option(name = "--autodestroy", description = "Destroy the domain when this command's connection closes")
    boolean autodestroy;

    @Override
    void execute(Domain domain) throws Exception {
        if (domain.isActive()) {
            // virsh checks this itself, before asking the hypervisor, with these words.
            throw Errors.of("Domain is already active");
        }
        List<StartFlag> flags = new ArrayList<>();
        if (paused) {
            flags.add(StartFlag.PAUSED);
        }
        if (autodestroy) {
            flags.add(StartFlag.AUTODESTROY);
        }
        Errors.run("Failed to start domain '" + this.domain + "'", () -> domain.start(flags.toArray(StartFlag[]::new)));
        System.out.println("Domain '" + domain.name() + "' started");
    }
}
