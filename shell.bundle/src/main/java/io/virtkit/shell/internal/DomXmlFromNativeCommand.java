package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.Connection;

/** virsh's {@code domxml-from-native}: the domain XML for a hypervisor's native configuration file. */
@Service
@Command(scope = "virt", name = "domxml-from-native", description = "Convert a native configuration file to domain XML",
        detailedDescription = "Reads the hypervisor's native configuration in FILE (vmware-vmx: an ESX .vmx file) and "
                + "prints the domain XML the driver makes of it. Nothing is defined. Drivers without a native "
                + "format refuse.")
public class DomXmlFromNativeCommand extends ConnectedCommand {

    @Argument(index = 0, name = "format", required = true, description = "The native format, e.g. vmware-vmx")
    @Completion(value = StringsCompleter.class, values = {"vmware-vmx"})
    String format;

    @Argument(index = 1, name = "file", required = true, description = "The file with the native configuration")
    @Completion(FileCompleter.class)
    String file;

    @Override
    void execute(Connection connection) throws Exception {
        String config = XmlFile.read(file);
        Output.printBlock(connection.domainXmlFromNative(format, config));
    }
}
