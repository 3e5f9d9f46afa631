package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainSnapshot;
import io.virtkit.api.VirtException;

/**
 * A command on one snapshot of one domain, given as virsh takes them: the domain (name, id or UUID), then the
 * snapshot's name. A snapshot that is not found is the driver's one line, as virsh prints it ("error: Domain
 * snapshot not found: no domain snapshot with matching name 'x'").
 */
abstract class SnapshotCommand extends DomainCommand {

    @Argument(index = 1, name = "snapshotname", required = true, description = "The snapshot's name")
    @Completion(SnapshotCompleter.class)
    String snapshotName;

    @Override
    final void execute(Domain domain) throws Exception {
        DomainSnapshot snapshot;
        try {
            snapshot = domain.snapshotLookupByName(snapshotName);
        } catch (VirtException e) {
            throw Errors.of(e);
        }
        execute(domain, snapshot);
    }

    abstract void execute(Domain domain, DomainSnapshot snapshot) throws Exception;
}
