package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.VirtException;

/** virsh's {@code domname}: unlike the other domain commands it takes an id or a UUID, never a name. */
@Service
@Command(scope = "virt", name = "domname", description = "Convert a domain id or UUID to its name",
        detailedDescription = "Prints the name of the domain with the given id (running domains only) or UUID.")
public class DomNameCommand extends ConnectedCommand {

    @Argument(index = 0, name = "domain", required = true, description = "The domain's id or UUID")
    String domain;

    @Override
    void execute(Connection connection) throws Exception {
        Domain found;
        try {
            found = DomainLookup.lookupByIdOrUuid(connection, domain);
        } catch (VirtException e) {
            throw DomainLookup.failed(domain, e);
        }
        System.out.println(found.name());
    }
}
