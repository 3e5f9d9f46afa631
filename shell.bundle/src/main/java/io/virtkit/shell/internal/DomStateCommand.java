package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainStateInfo;

@Service
@Command(scope = "virt", name = "domstate", description = "Show a domain's state",
        detailedDescription = "Prints the domain's state (running, paused, shut off, ...), and with --reason "
                + "why it is in that state, e.g. 'shut off (destroyed)'.")
public class DomStateCommand extends DomainCommand {

    @Option(name = "--reason", description = "Also show the reason for the state")
    boolean reason;

    @Override
    void execute(Domain domain) {
        DomainStateInfo state = domain.state();
        System.out.println(reason ? state.toString() : state.state().label());
    }
}
