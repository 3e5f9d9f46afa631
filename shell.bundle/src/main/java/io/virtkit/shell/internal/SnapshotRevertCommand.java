package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainSnapshot;
import io.virtkit.api.DomainSnapshotRevertFlag;

@Service
@Command(scope = "virt", name = "snapshot-revert", description = "Revert a domain to a snapshot",
        detailedDescription = "Puts the domain back into the snapshot's definition and state, which becomes the "
                + "current snapshot; --running or --paused choose the state afterwards, --force allows a risky "
                + "revert (a snapshot without the domain's definition, or one that must restart the guest).")
public class SnapshotRevertCommand extends SnapshotCommand {

    @Option(name = "--running", description = "Run the domain after reverting")
    boolean running;

    @Option(name = "--paused", description = "Leave the domain paused after reverting")
    boolean paused;

    @Option(name = "--force", description = "Allow a risky revert")
    boolean force;

    @Override
    void execute(Domain domain, DomainSnapshot snapshot) throws Exception {
        List<DomainSnapshotRevertFlag> flags = new ArrayList<>();
        if (running) {
            flags.add(DomainSnapshotRevertFlag.RUNNING);
        }
        if (paused) {
            flags.add(DomainSnapshotRevertFlag.PAUSED);
        }
        if (force) {
            flags.add(DomainSnapshotRevertFlag.FORCE);
        }
        Errors.run("Failed to revert snapshot " + snapshotName,
                () -> snapshot.revert(flags.toArray(DomainSnapshotRevertFlag[]::new)));
        System.out.println("Domain snapshot " + snapshotName + " reverted");
    }
}
