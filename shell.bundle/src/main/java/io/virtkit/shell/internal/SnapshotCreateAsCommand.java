package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainSnapshot;
import io.virtkit.api.DomainSnapshotCreateFlag;
import io.virtkit.api.VirtException;

@Service
@Command(scope = "virt", name = "snapshot-create-as", description = "Take a snapshot of a domain from a set of args",
        detailedDescription = "Takes a snapshot of the domain under the current one, named NAME (by default the "
                + "time in seconds), with --description's text; --memspec and --diskspec choose where memory and "
                + "each disk go ([file=]PATH[,snapshot=TYPE] and DISK[,snapshot=TYPE][,driver=TYPE][,file=PATH]). "
                + "--halt stops the domain afterwards; --print-xml only prints the snapshot XML it would send.")
public class SnapshotCreateAsCommand extends DomainCommand {

    @Argument(index = 1, name = "name", description = "The new snapshot's name (default: the time in seconds)")
    String name;

    @Option(name = "--description", description = "A description of the snapshot")
    String description;

    @Option(name = "--print-xml", description = "Print the snapshot XML instead of taking the snapshot")
    boolean printXml;

    @Option(name = "--halt", description = "Stop the domain after the snapshot is taken")
    boolean halt;

    @Option(name = "--disk-only", description = "Snapshot the disks only, not the memory state")
    boolean diskOnly;

    @Option(name = "--reuse-external", description = "Reuse existing external files")
    boolean reuseExternal;

    @Option(name = "--quiesce", description = "Quiesce the guest's file systems through its agent first")
    boolean quiesce;

    @Option(name = "--atomic", description = "Change nothing unless the whole snapshot succeeds")
    boolean atomic;

    @Option(name = "--live", description = "Take the snapshot while the guest keeps running")
    boolean live;

    @Option(name = "--no-metadata", description = "Take the snapshot without keeping its metadata")
    boolean noMetadata;

    @Option(name = "--memspec", description = "Where the memory state goes: [file=]PATH[,snapshot=TYPE]")
    String memspec;

    @Option(name = "--diskspec", multiValued = true,
            description = "Where one disk's snapshot goes: DISK[,snapshot=TYPE][,driver=TYPE][,file=PATH]")
    List<String> diskspecs;

    @Override
    void execute(Domain domain) throws Exception {
        String xml = SnapshotXmlBuilder.build(name, description, memspec, diskspecs);
        if (printXml) {
            Output.printBlock(xml);
            return;
        }
        List<DomainSnapshotCreateFlag> flags = new ArrayList<>();
        add(flags, halt, DomainSnapshotCreateFlag.HALT);
        add(flags, diskOnly, DomainSnapshotCreateFlag.DISK_ONLY);
        add(flags, reuseExternal, DomainSnapshotCreateFlag.REUSE_EXT);
        add(flags, quiesce, DomainSnapshotCreateFlag.QUIESCE);
        add(flags, atomic, DomainSnapshotCreateFlag.ATOMIC);
        add(flags, live, DomainSnapshotCreateFlag.LIVE);
        add(flags, noMetadata, DomainSnapshotCreateFlag.NO_METADATA);
        DomainSnapshot snapshot;
        try {
            snapshot = domain.createSnapshot(xml, flags.toArray(DomainSnapshotCreateFlag[]::new));
        } catch (VirtException e) {
            throw Errors.of(e); // virsh prints only the driver's reason here
        }
        System.out.println("Domain snapshot " + snapshot.name() + " created");
    }

    private static void add(List<DomainSnapshotCreateFlag> flags, boolean wanted, DomainSnapshotCreateFlag flag) {
        if (wanted) {
            flags.add(flag);
        }
    }
}
