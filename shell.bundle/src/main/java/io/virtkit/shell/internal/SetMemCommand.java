package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.MemoryModFlag;

/** virsh's {@code setmem}: the domain's current (balloon) memory, libvirt's virDomainSetMemoryFlags. */
@Service
@Command(scope = "virt", name = "setmem", description = "Change a domain's memory allocation",
        detailedDescription = "Sets the memory the guest currently has (its balloon) to SIZE, a scaled integer in KiB "
                + "unless it has a suffix (512M, 2G, 2GB). Without options the running domain is changed; --config "
                + "changes the next boot, --current the running domain if it runs, else the configuration. SIZE "
                + "cannot exceed the maximum memory (setmaxmem).")
public class SetMemCommand extends ResourceScopeCommand {

    @Argument(index = 1, name = "size", required = true, description = "The new memory size (default unit KiB)")
    String size;

    @Override
    void execute(Domain domain) throws Exception {
        checkScope();
        // no option at all is virsh's change of the running domain (AFFECT_LIVE), --current the current state
        domain.setMemory(KibSize.parse(size, "size"), flags(config, live || !config && !current, false));
    }

    /** The scope options as libvirt's memory flags, with MAXIMUM for setmaxmem. */
    static MemoryModFlag[] flags(boolean config, boolean live, boolean maximum) {
        List<MemoryModFlag> flags = new ArrayList<>();
        if (config) {
            flags.add(MemoryModFlag.CONFIG);
        }
        if (live) {
            flags.add(MemoryModFlag.LIVE);
        }
        if (maximum) {
            flags.add(MemoryModFlag.MAXIMUM);
        }
        return flags.toArray(MemoryModFlag[]::new);
    }
}
