package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainSnapshot;
import io.virtkit.api.DomainSnapshotDeleteFlag;

@Service
@Command(scope = "virt", name = "snapshot-delete", description = "Delete a domain snapshot",
        detailedDescription = "Deletes the snapshot; its children move under its parent. --children deletes its "
                + "descendants too, --children-only its descendants but not itself, --metadata only the driver's "
                + "record of it, leaving the hypervisor's data.")
public class SnapshotDeleteCommand extends SnapshotCommand {

    @Option(name = "--children", description = "Delete the snapshot's descendants as well")
    boolean children;

    @Option(name = "--children-only", description = "Delete the snapshot's descendants but not the snapshot")
    boolean childrenOnly;

    @Option(name = "--metadata", description = "Delete only the driver's record of the snapshot")
    boolean metadata;

    @Override
    void execute(Domain domain, DomainSnapshot snapshot) throws Exception {
        List<DomainSnapshotDeleteFlag> flags = new ArrayList<>();
        if (children) {
            flags.add(DomainSnapshotDeleteFlag.CHILDREN);
        }
        if (childrenOnly) {
            flags.add(DomainSnapshotDeleteFlag.CHILDREN_ONLY);
        }
        if (metadata) {
            flags.add(DomainSnapshotDeleteFlag.METADATA_ONLY);
        }
        Errors.run("Failed to delete snapshot " + snapshotName,
                () -> snapshot.delete(flags.toArray(DomainSnapshotDeleteFlag[]::new)));
        System.out.println(childrenOnly ? "Domain snapshot " + snapshotName + " children deleted"
                : "Domain snapshot " + snapshotName + " deleted");
    }
}
