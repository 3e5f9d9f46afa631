package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;

/** virsh's {@code domjobabort}: silent on success, the driver's reason alone on failure, as virsh. */
@Service
@Command(scope = "virt", name = "domjobabort", description = "Abort a domain's active job",
        detailedDescription = "Aborts the job DOMAIN is running, e.g. a migration started elsewhere: it rolls back "
                + "and the domain runs on this host as before. Fails when the domain runs no job.")
public class DomJobAbortCommand extends DomainCommand {

    @Override
    void execute(Domain domain) {
        domain.abortJob();
    }
}
