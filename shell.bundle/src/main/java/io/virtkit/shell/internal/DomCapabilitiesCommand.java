package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.Connection;
import io.virtkit.api.VirtException;

/** virsh's {@code domcapabilities}: what a domain of the given kind could use on this host. */
@Service
@Command(scope = "virt", name = "domcapabilities", description = "Print the domain capabilities XML",
        detailedDescription = "Prints the <domainCapabilities> XML for a domain of the given virt type, emulator, "
                + "architecture and machine type (each defaults to the driver's choice): the vCPU limit, CPU modes "
                + "and models, and the devices and features the driver can run, as virsh domcapabilities does. "
                + "Drivers that do not describe their domains (test, LXC) answer that the function is not "
                + "supported.")
public class DomCapabilitiesCommand extends ConnectedCommand {

    /** virsh's first error line for this verb, before the driver's reason. */
    static final String FAILURE = "failed to get emulator capabilities";

    @Option(name = "--virttype", description = "The virtualization type, e.g. qemu or kvm")
    @Completion(value = StringsCompleter.class, values = {"qemu", "kvm"})
    String virttype;

    @Option(name = "--emulatorbin", description = "The path to the emulator binary")
    @Completion(FileCompleter.class)
    String emulatorbin;

    @Option(name = "--arch", description = "The guest architecture, e.g. x86_64 or i686")
    @Completion(value = StringsCompleter.class, values = {"x86_64", "i686"})
    String arch;

    @Option(name = "--machine", description = "The machine type, e.g. pc or q35")
    @Completion(value = StringsCompleter.class, values = {"pc", "q35", "microvm", "isapc"})
    String machine;

    @Override
    void execute(Connection connection) throws Exception {
        String xml;
        try {
            xml = connection.domainCapabilities(emulatorbin, arch, machine, virttype, 0);
        } catch (VirtException e) {
            throw Errors.of(FAILURE, e);
        }
        Output.printBlock(xml);
    }
}
