package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainSnapshot;
import io.virtkit.api.DomainSnapshotXmlFlag;
import io.virtkit.api.VirtException;

@Service
@Command(scope = "virt", name = "snapshot-current", description = "Get the current snapshot",
        detailedDescription = "Prints the XML of the domain's current snapshot (the one the next snapshot goes "
                + "under), or with --name only its name.")
public class SnapshotCurrentCommand extends DomainCommand {

    @Option(name = "--name", description = "Print only the current snapshot's name")
    boolean nameOnly;

    @Option(name = "--security-info", description = "Include security-sensitive information (e.g. passwords)")
    boolean securityInfo;

    @Override
    void execute(Domain domain) throws Exception {
        try {
            if (!domain.hasCurrentSnapshot()) {
                throw Errors.of("domain '" + domain.name() + "' has no current snapshot"); // virsh's own check
            }
            DomainSnapshot current = domain.currentSnapshot();
            if (nameOnly) {
                System.out.println(current.name());
            } else {
                Output.printBlock(securityInfo ? current.xml(DomainSnapshotXmlFlag.SECURE) : current.xml());
            }
        } catch (VirtException e) {
            throw Errors.of(e);
        }
    }
}
