package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;

/**
 * A command on one domain, given as virsh takes it: name, id or UUID. A domain that is not found is virsh's
 * "error: failed to get domain 'KEY'"; a verb that fails names the domain as it was given, as virsh does.
 */
abstract class DomainCommand extends ConnectedCommand {

    @Argument(index = 0, name = "domain", required = true, description = "The domain's name, id or UUID")
    @Completion(DomainCompleter.class)
    String domain;

    @Override
    final void execute(Connection connection) throws Exception {
        execute(DomainLookup.forCommand(connection, domain));
    }

    abstract void execute(Domain domain) throws Exception;
}
