package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.Domain;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.VirtException;

/**
 * virsh's {@code vcpucount}: without options the table of maximum and current counts of the persistent and the
 * running definition (the rows a domain does not have are left out: live ones of an inactive domain, config ones
 * of a transient one); with options one number, libvirt's virDomainGetVcpusFlags.
 */
@Service
@Command(scope = "virt", name = "vcpucount", description = "Show a domain's vCPU counts",
        detailedDescription = "Without options prints the maximum and current vCPU counts of the configuration and "
                + "of the running domain, as virsh vcpucount. With options prints one number: --maximum or --active "
                + "(the enabled vCPUs), from --live, --config or --current (the running domain if it runs); --guest "
                + "asks the guest agent.")
public class VcpuCountCommand extends DomainCommand {

    @Option(name = "--maximum", description = "The maximum number of vCPUs")
    boolean maximum;

    @Option(name = "--active", description = "The number of enabled vCPUs")
    boolean active;

    @Option(name = "--live", description = "From the running domain")
    boolean live;

    @Option(name = "--config", description = "From the configuration of the next boot")
    boolean config;

    @Option(name = "--current", description = "From the running domain if it runs, else the configuration")
    boolean current;

    @Option(name = "--guest", description = "From the guest (its agent) rather than the hypervisor")
    boolean guest;

    @Override
    void execute(Domain domain) throws Exception {
        boolean all = !maximum && !active && !live && !config && !current && !guest;
        boolean currentScope = current;
        boolean activeCount = active;
        if (!maximum && !active && current) {
            // virsh: before 0.9.4 --current meant the enabled count (today's --active), and still does alone
            currentScope = false;
            activeCount = true;
        }
        exclusive(currentScope, "current", live, "live");
        exclusive(currentScope, "current", config, "config");
        exclusive(activeCount, "active", maximum, "maximum");
        exclusive(live, "live", config, "config");
        exclusive(guest, "guest", config, "config");
        if (all) {
            table(domain);
            return;
        }
        List<VcpuFlag> flags = new ArrayList<>();
        if (maximum) {
            flags.add(VcpuFlag.MAXIMUM);
        }
        if (live) {
            flags.add(VcpuFlag.LIVE);
        }
        if (config) {
            flags.add(VcpuFlag.CONFIG);
        }
        if (guest) {
            flags.add(VcpuFlag.GUEST);
            System.out.println(Errors.call("Failed to retrieve vCPU count from the guest",
                    () -> domain.vcpusFlags(flags.toArray(VcpuFlag[]::new))));
            return;
        }
        System.out.println(domain.vcpusFlags(flags.toArray(VcpuFlag[]::new)));
    }

    /** The four rows virsh prints, each left out where the domain has no such definition. */
    private static void table(Domain domain) {
        row(domain, "maximum", "config", VcpuFlag.MAXIMUM, VcpuFlag.CONFIG);
        row(domain, "maximum", "live", VcpuFlag.MAXIMUM, VcpuFlag.LIVE);
        row(domain, "current", "config", VcpuFlag.CONFIG);
        row(domain, "current", "live", VcpuFlag.LIVE);
    }

    private static void row(Domain domain, String what, String where, VcpuFlag... flags) {
        int count;
        try {
            count = domain.vcpusFlags(flags);
        } catch (VirtException e) {
            return; // an inactive domain has no live count, a transient one no config
        }
        System.out.println(String.format("%-12s %-12s %3d", what, where, count));
    }

    private static void exclusive(boolean a, String aName, boolean b, String bName) throws CommandException {
        if (a && b) {
            throw Errors.of("Options --" + aName + " and --" + bName + " are mutually exclusive");
        }
    }
}
