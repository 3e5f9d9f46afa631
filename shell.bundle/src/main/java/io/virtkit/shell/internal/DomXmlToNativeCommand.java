package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.Connection;

/** virsh's {@code domxml-to-native}: what the driver would run for a domain XML, without running it. */
@Service
@Command(scope = "virt", name = "domxml-to-native", description = "Convert a domain XML file to the hypervisor's native format",
        detailedDescription = "Translates the domain XML in FILE into the driver's native configuration and prints "
                + "it; with format qemu-argv the QEMU driver prints the command line it would start. Nothing is "
                + "defined or started. Drivers without a native format refuse.")
public class DomXmlToNativeCommand extends ConnectedCommand {

    @Argument(index = 0, name = "format", required = true, description = "The native format, e.g. qemu-argv")
    @Completion(value = StringsCompleter.class, values = {"qemu-argv"})
    String format;

    @Argument(index = 1, name = "file", required = true, description = "The file containing the domain XML")
    @Completion(FileCompleter.class)
    String file;

    @Override
    void execute(Connection connection) throws Exception {
        String xml = XmlFile.read(file);
        Output.printBlock(connection.domainXmlToNative(format, xml));
    }
}
