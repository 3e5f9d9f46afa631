package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolInfo;
import io.virtkit.api.StoragePoolState;

/** virsh's {@code pool-info}; like virsh it shows sizes only for a running or degraded pool. */
@Service
@Command(scope = "virt", name = "pool-info", description = "Show a pool's basic information",
        detailedDescription = "Prints the pool's name, UUID, state, whether it is persistent and autostarted, and "
                + "for an active pool its capacity, allocation and available space, laid out as virsh pool-info does.")
public class PoolInfoCommand extends StoragePoolCommand {

    @Option(name = "--bytes", description = "Show sizes in bytes rather than scaled units")
    boolean bytes;

    @Override
    void execute(StoragePool pool) {
        StoragePoolInfo info = pool.info();
        line("Name:", pool.name());
        line("UUID:", pool.uuid().toString());
        line("State:", info.state().label());
        line("Persistent:", pool.isPersistent() ? "yes" : "no");
        line("Autostart:", pool.autostart() ? "yes" : "no");
        if (info.state() == StoragePoolState.RUNNING || info.state() == StoragePoolState.DEGRADED) {
            line("Capacity:", size(info.capacity()));
            line("Allocation:", size(info.allocation()));
            line("Available:", size(info.available()));
        }
    }

    private String size(long value) {
        return bytes ? Long.toUnsignedString(value) : VirshSize.format(value);
    }

    /** virsh pads pool-info's labels to 15 columns, then one space. */
    static void line(String label, String value) {
        System.out.println(String.format("%-15s %s", label, value));
    }
}
