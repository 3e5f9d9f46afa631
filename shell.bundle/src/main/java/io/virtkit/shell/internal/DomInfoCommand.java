package io.virtkit.shell.internal;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainInfo;

/**
 * virsh's {@code dominfo}, less what Virtkit's API does not model: there is no security driver, so the
 * "Security model/DOI/label" lines that virsh prints only when the host has one are left out. "Managed save" is
 * "no" for a driver that keeps no images.
 */
@Service
@Command(scope = "virt", name = "dominfo", description = "Show a domain's basic information",
        detailedDescription = "Prints the domain's id, name, UUID, OS type, state, virtual CPUs, CPU time, memory, "
                + "persistence, autostart flag and whether it has a managed save image, laid out as virsh dominfo does.")
public class DomInfoCommand extends DomainCommand {

    /** virsh's unsigned long "no limit" for a domain without a memory cap. */
    private static final long NO_MEMORY_LIMIT = 0xFFFF_FFFFL;

    @Override
    void execute(Domain domain) {
        DomainInfo info = domain.info();
        int id = domain.id();
        line("Id:", id < 0 ? "-" : Integer.toString(id));
        line("Name:", domain.name());
        line("UUID:", domain.uuid().toString());
        line("OS Type:", domain.osType());
        line("State:", info.state().label());
        line("CPU(s):", Integer.toString(info.vcpus()));
        if (info.cpuTimeNanos() != 0) {
            line("CPU time:", String.format(Locale.ROOT, "%.1fs", info.cpuTimeNanos() / 1e9));
        }
        line("Max memory:", info.maxMemoryKiB() == NO_MEMORY_LIMIT || info.maxMemoryKiB() == Long.MAX_VALUE
                ? "no limit" : info.maxMemoryKiB() + " KiB");
        line("Used memory:", info.memoryKiB() + " KiB");
        line("Persistent:", domain.isPersistent() ? "yes" : "no");
        line("Autostart:", domain.autostart() ? "enable" : "disable");
        line("Managed save:", ManagedSaveImages.has(domain) ? "yes" : "no");
    }

    /** virsh pads dominfo's labels to 15 columns, then one space. */
    private static void line(String label, String value) {
        System.out.println(String.format("%-15s %s", label, value));
    }
}
