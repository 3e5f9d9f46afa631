package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.XmlFlag;

@Service
@Command(scope = "virt", name = "dumpxml", description = "Print a domain's XML description",
        detailedDescription = "Prints the domain XML: the live configuration of a running domain, or with "
                + "--inactive the persistent definition it will have on its next start.")
public class DumpXmlCommand extends DomainCommand {

    @Option(name = "--inactive", description = "Show the persistent definition rather than the live one")
    boolean inactive;

    @Option(name = "--security-info", description = "Include security-sensitive information (e.g. passwords)")
    boolean securityInfo;

    @Override
    void execute(Domain domain) {
        List<XmlFlag> flags = new ArrayList<>();
        if (inactive) {
            flags.add(XmlFlag.INACTIVE);
        }
        if (securityInfo) {
            flags.add(XmlFlag.SECURE);
        }
        Output.printBlock(domain.xml(flags.toArray(XmlFlag[]::new)));
    }
}
