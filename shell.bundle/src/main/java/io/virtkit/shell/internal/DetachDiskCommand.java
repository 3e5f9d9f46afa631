package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;

/**
 * virsh's {@code detach-disk}: the disk is found in the domain's XML by its target or source path and that
 * {@code <disk>} element is handed to the driver's detach.
 */
@Service
@Command(scope = "virt", name = "detach-disk", description = "Detach a disk device",
        detailedDescription = "Removes the disk whose target (e.g. vdb) or source path is TARGET, as virsh "
                + "detach-disk. Without --config/--live the running domain is changed if it runs, else its "
                + "persistent configuration; with --config alone the disk is looked up in the configuration.")
public class DetachDiskCommand extends DeviceChangeCommand {

    @Argument(index = 1, name = "target", required = true, description = "The target or source path of the disk")
    @Completion(DiskTargetCompleter.class)
    String target;

    @Option(name = "--print-xml", description = "Print the disk XML instead of detaching the disk")
    boolean printXml;

    @Override
    void execute(Domain domain) throws Exception {
        DeviceModifyFlag[] flags = flags(domain);
        String xml = DomainDisks.text(DomainDisks.of(domain, DeviceFlags.configOnly(flags)).find(target, false));
        if (printXml) {
            System.out.println(xml);
            return;
        }
        Errors.run("Failed to detach disk", () -> domain.detachDevice(xml, flags));
        System.out.println("Disk detached successfully");
    }
}
