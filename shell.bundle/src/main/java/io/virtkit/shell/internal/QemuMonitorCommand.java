package io.virtkit.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.qemu.QemuDomain;

/**
 * virsh's {@code qemu-monitor-command}: one raw QMP command to a QEMU domain's monitor. Only QEMU driver
 * handles implement {@link QemuDomain}; any other driver fails as libvirt's does for a driver without
 * the QEMU-specific API.
 */
@Service
@Command(scope = "virt", name = "qemu-monitor-command", description = "Send a raw QMP command to a QEMU domain",
        detailedDescription = "Sends a QMP command (JSON, e.g. '{\"execute\":\"query-status\"}'; several words "
                + "are joined with spaces) to the running QEMU domain's monitor and prints QEMU's reply, "
                + "indented with --pretty. For debugging: commands that change the guest behind Virtkit's back "
                + "can leave its view of the domain wrong.")
public class QemuMonitorCommand extends DomainCommand {

    @Argument(index = 1, name = "command", required = true, multiValued = true,
            description = "The QMP command as JSON")
    List<String> command;

    @Option(name = "--pretty", description = "Print the reply as indented JSON")
    boolean pretty;

    @Override
    void execute(Domain domain) {
        if (!(domain instanceof QemuDomain qemu)) {
            throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainQemuMonitorCommand");
        }
        String reply = qemu.monitorCommand(String.join(" ", command));
        Output.printBlock(pretty ? JsonIndenter.indent(reply) : reply);
    }
}
