package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.VcpuFlag;

/**
 * virsh's {@code setvcpus}: the number of enabled vCPUs, or with --maximum --config the maximum, libvirt's
 * virDomainSetVcpusFlags. Without any option virsh calls virDomainSetVcpus, a change of the running domain.
 */
@Service
@Command(scope = "virt", name = "setvcpus", description = "Change the number of virtual CPUs",
        detailedDescription = "Sets the number of vCPUs the domain has enabled to COUNT, at most its maximum. With "
                + "--maximum (which needs --config) the maximum of the persistent configuration changes instead. "
                + "Without options the running domain is changed; --config changes the next boot, --current the "
                + "running domain if it runs, else the configuration.")
public class SetVcpusCommand extends ResourceScopeCommand {

    @Argument(index = 1, name = "count", required = true, description = "The number of virtual CPUs")
    String count;

    @Option(name = "--maximum", description = "Set the maximum number of vCPUs at the next boot (with --config)")
    boolean maximum;

    @Option(name = "--guest", description = "Change the vCPUs the guest has online, through its agent")
    boolean guest;

    @Option(name = "--hotpluggable", description = "Make the added vCPUs hot(un)pluggable")
    boolean hotpluggable;

    @Override
    void execute(Domain domain) throws Exception {
        checkScope();
        if (guest && config) {
            throw Errors.of("Options --guest and --config are mutually exclusive");
        }
        if (maximum && !config) {
            throw Errors.of("Option --config is required by option --maximum");
        }
        int n = parseCount();
        if (n == 0) {
            throw Errors.of("Can't set 0 processors for a VM");
        }
        List<VcpuFlag> flags = new ArrayList<>();
        add(flags, config, VcpuFlag.CONFIG);
        add(flags, live, VcpuFlag.LIVE);
        add(flags, maximum, VcpuFlag.MAXIMUM);
        add(flags, guest, VcpuFlag.GUEST);
        add(flags, hotpluggable, VcpuFlag.HOTPLUGGABLE);
        if (flags.isEmpty() && !current) {
            flags.add(VcpuFlag.LIVE); // no option at all: virsh's virDomainSetVcpus, the running domain
        }
        domain.setVcpus(n, flags.toArray(VcpuFlag[]::new));
    }

    private int parseCount() throws org.apache.karaf.shell.support.CommandException {
        try {
            long value = Long.parseLong(count);
            if (value >= 0 && value <= 0xFFFF_FFFFL) {
                return (int) value; // virsh's unsigned int: the driver compares it unsigned
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw Errors.of("Numeric value '" + count + "' for <count> option is malformed or out of range");
    }

    private static void add(List<VcpuFlag> flags, boolean set, VcpuFlag flag) {
        if (set) {
            flags.add(flag);
        }
    }
}
