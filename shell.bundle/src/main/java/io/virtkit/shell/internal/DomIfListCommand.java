package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.XmlFlag;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.InterfaceDevice;

@Service
@Command(scope = "virt", name = "domiflist", description = "List a domain's network interfaces",
        detailedDescription = "Lists the domain's network interfaces from its XML, in virsh domiflist's table: "
                + "host-side device, type, source network or bridge, model and MAC address, '-' where unset.")
public class DomIfListCommand extends DomainCommand {

    @Option(name = "--inactive", description = "Read the persistent definition rather than the live one")
    boolean inactive;

    @Override
    void execute(Domain domain) throws Exception {
        String xml = Errors.call("Failed to get domain description xml",
                () -> inactive ? domain.xml(XmlFlag.INACTIVE) : domain.xml());
        VirshTable table = new VirshTable("Interface", "Type", "Source", "Model", "MAC");
        for (InterfaceDevice nic : DomainXmlCodec.parse(xml).devices().interfaces()) {
            table.row(orDash(nic.targetDev()), nic.type().xmlName(), orDash(nic.source()), orDash(nic.model()),
                    nic.mac());
        }
        System.out.print(table.render());
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
