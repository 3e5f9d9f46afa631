package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.w3c.dom.Element;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;

/**
 * virsh's {@code change-media}: the CD-ROM or floppy is found in the domain's XML, its {@code <source>} removed
 * (eject) or set (insert, update), and the changed element handed to the driver's update-device.
 */
@Service
@Command(scope = "virt", name = "change-media", description = "Change the medium of a CD-ROM or floppy drive",
        detailedDescription = "Ejects (--eject), inserts (--insert SOURCE) or replaces (--update, the default; "
                + "without SOURCE it ejects) the medium of the CD-ROM or floppy drive whose target or current "
                + "source is PATH, as virsh change-media. --block takes SOURCE as a block device. Without "
                + "--config/--live the running domain is changed if it runs, else its persistent configuration.")
public class ChangeMediaCommand extends DeviceScopeCommand {

    @Argument(index = 1, name = "path", required = true,
            description = "The target (e.g. hdc, sda) or current source path of the drive")
    @Completion(DiskTargetCompleter.class)
    String path;

    @Argument(index = 2, name = "source", required = false, description = "The medium to insert: a file or device")
    @Completion(DiskSourceCompleter.class)
    String source;

    @Option(name = "--source", description = "The medium to insert (as the SOURCE argument)")
    @Completion(DiskSourceCompleter.class)
    String sourceOption;

    @Option(name = "--eject", description = "Eject the medium")
    boolean eject;

    @Option(name = "--insert", description = "Insert a medium into an empty drive")
    boolean insert;

    @Option(name = "--update", description = "Replace the medium (eject it without SOURCE)")
    boolean update;

    @Option(name = "--block", description = "SOURCE is a block device")
    boolean block;

    @Option(name = "--print-xml", description = "Print the changed disk XML instead of changing the medium")
    boolean printXml;

    @Override
    void execute(Domain domain) throws Exception {
        exclusive(eject, "eject", insert, "insert");
        exclusive(eject, "eject", update, "update");
        exclusive(insert, "insert", update, "update");
        DeviceModifyFlag[] flags = scope();
        String medium = source != null ? source : sourceOption;
        boolean ejecting = eject || !insert && medium == null; // --update without a medium is an eject, as virsh's
        String action = ejecting ? "eject" : insert ? "insert" : "update";
        if (insert && medium == null) {
            throw Errors.of("New disk media source was not specified");
        }
        Element disk = DomainDisks.of(domain, DeviceFlags.configOnly(flags)).find(path, true);
        String name = DomainDisks.target(disk).isEmpty() ? path : DomainDisks.target(disk);
        boolean loaded = !DomainDisks.sourcePath(disk).isEmpty();
        if (insert && loaded) {
            throw Errors.of("The disk device '" + name + "' already has media");
        }
        if (ejecting && !loaded) {
            throw Errors.of("The disk device '" + name + "' doesn't have media");
        }
        Element old = DomainDisks.child(disk, "source");
        if (old != null) {
            disk.removeChild(old);
        }
        if (!ejecting) {
            disk.setAttribute("type", block ? "block" : "file");
            Element added = disk.getOwnerDocument().createElement("source");
            added.setAttribute(block ? "dev" : "file", medium);
            disk.insertBefore(added, DomainDisks.child(disk, "target"));
        }
        String xml = DomainDisks.text(disk);
        if (printXml) {
            System.out.println(xml);
            return;
        }
        Errors.run("Failed to complete action " + action + " on media", () -> domain.updateDevice(xml, flags));
        System.out.println("Successfully " + (ejecting ? "ejected" : insert ? "inserted" : "updated") + " media.");
    }

    private static void exclusive(boolean a, String aName, boolean b, String bName) throws Exception {
        if (a && b) {
            throw Errors.of("Options --" + aName + " and --" + bName + " are mutually exclusive");
        }
    }
}
