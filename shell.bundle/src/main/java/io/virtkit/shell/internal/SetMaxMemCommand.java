package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;

/**
 * virsh's {@code setmaxmem}: the domain's maximum memory, libvirt's virDomainSetMemoryFlags with
 * VIR_DOMAIN_MEM_MAXIMUM, as virsh calls it.
 */
@Service
@Command(scope = "virt", name = "setmaxmem", description = "Change a domain's maximum memory",
        detailedDescription = "Sets the domain's maximum memory to SIZE, a scaled integer in KiB unless it has a "
                + "suffix (512M, 2G); a larger current memory is cut to it. Without --config/--live the running "
                + "domain is changed if it runs, else its persistent configuration; most drivers change the maximum "
                + "of a running domain only with --config (it takes effect at the next boot).")
public class SetMaxMemCommand extends ResourceScopeCommand {

    @Argument(index = 1, name = "size", required = true, description = "The new maximum memory size (default unit KiB)")
    String size;

    @Override
    void execute(Domain domain) throws Exception {
        checkScope();
        long kib = KibSize.parse(size, "size");
        Errors.run("Unable to change MaxMemorySize", () -> domain.setMemory(kib, SetMemCommand.flags(config, live, true)));
    }
}
