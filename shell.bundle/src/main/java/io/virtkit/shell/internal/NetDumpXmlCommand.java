package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Network;
import io.virtkit.api.XmlFlag;

@Service
@Command(scope = "virt", name = "net-dumpxml", description = "Print a network's XML description",
        detailedDescription = "Prints the network XML: the running configuration of an active network, or with "
                + "--inactive the persistent definition it will have on its next start.")
public class NetDumpXmlCommand extends NetworkCommand {

    @Option(name = "--inactive", description = "Show the persistent definition rather than the live one")
    boolean inactive;

    @Override
    void execute(Network network) {
        Output.printBlock(inactive ? network.xml(XmlFlag.INACTIVE) : network.xml());
    }
}
