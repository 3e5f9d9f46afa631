package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainSnapshot;
import io.virtkit.api.DomainSnapshotXmlFlag;
import io.virtkit.api.VirtException;

@Service
@Command(scope = "virt", name = "snapshot-dumpxml", description = "Dump XML for a domain snapshot",
        detailedDescription = "Prints the snapshot's XML: its name, state, parent and creation time, where memory "
                + "and disks went, and the domain definition it keeps (with --security-info, its secrets too).")
public class SnapshotDumpXmlCommand extends SnapshotCommand {

    @Option(name = "--security-info", description = "Include security-sensitive information (e.g. passwords)")
    boolean securityInfo;

    @Override
    void execute(Domain domain, DomainSnapshot snapshot) throws Exception {
        try {
            Output.printBlock(securityInfo ? snapshot.xml(DomainSnapshotXmlFlag.SECURE) : snapshot.xml());
        } catch (VirtException e) {
            throw Errors.of(e);
        }
    }
}
