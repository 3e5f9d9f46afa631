package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolInfo;
import io.virtkit.api.StoragePoolListFlag;
import io.virtkit.api.StoragePoolState;
import io.virtkit.api.VirtException;

@Service
@Command(scope = "virt", name = "pool-list", description = "List storage pools",
        detailedDescription = "Lists the active storage pools, or with --inactive the inactive ones, or with --all "
                + "both, narrowed by --autostart, --no-autostart, --persistent, --transient and --type (a comma "
                + "separated list of pool types), by name in virsh pool-list's table: name, state and autostart, "
                + "with --details also persistence and sizes; --name and --uuid print only those.")
public class PoolListCommand extends ConnectedCommand {

    @Option(name = "--all", description = "List inactive as well as active pools")
    boolean all;

    @Option(name = "--inactive", description = "List inactive pools only")
    boolean inactive;

    @Option(name = "--autostart", description = "List pools marked to start with the host only")
    boolean autostart;

    @Option(name = "--no-autostart", description = "List pools not marked to start with the host only")
    boolean noAutostart;

    @Option(name = "--persistent", description = "List persistent pools only")
    boolean persistent;

    @Option(name = "--transient", description = "List transient pools only")
    boolean transientOnly;

    @Option(name = "--type", description = "List pools of these types only (comma separated: dir,fs,logical…)")
    String type;

    @Option(name = "--details", description = "Show persistence and sizes as well")
    boolean details;

    @Option(name = "--name", description = "Print only the pools' names, one a line")
    boolean nameOnly;

    @Option(name = "--uuid", description = "Print only the pools' UUIDs, one a line (with --name: UUID, then name)")
    boolean uuidOnly;

    @Override
    void execute(Connection connection) throws Exception {
        if (details && (nameOnly || uuidOnly)) {
            throw Errors.of("Options --details and --" + (nameOnly ? "name" : "uuid") + " are mutually exclusive");
        }
        StoragePoolListFlag[] flags = flags();
        List<String[]> rows = new ArrayList<>();
        for (StoragePool pool : Errors.call("Failed to list pools", () -> connection.listAllStoragePools(flags))) {
            try {
                rows.add(row(pool));
            } catch (VirtException e) {
                // A transient pool destroyed after it was listed is no longer there to show.
                if (e.code() != ErrorCode.NO_STORAGE_POOL) {
                    throw e;
                }
            }
        }
        rows.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a[0], b[0])); // virsh's order
        if (nameOnly || uuidOnly) {
            for (String[] row : rows) {
                // virsh pads the name to 20 columns, after the UUID and a space when both are asked for
                System.out.println((uuidOnly ? row[row.length - 1] : "")
                        + (nameOnly ? (uuidOnly ? " " : "") + String.format("%-20s", row[0]) : ""));
            }
            return;
        }
        VirshTable table = details
                ? new VirshTable("Name", "State", "Autostart", "Persistent", "Capacity", "Allocation", "Available")
                : new VirshTable("Name", "State", "Autostart");
        for (String[] row : rows) {
            table.row(Arrays.copyOf(row, row.length - 1));
        }
        System.out.print(table.render());
    }

    /** The pool's table cells, then its UUID for --uuid (the table leaves that last cell out). */
    private String[] row(StoragePool pool) {
        String auto = pool.isPersistent() ? (pool.autostart() ? "yes" : "no") : "no";
        if (!details) {
            return new String[] {pool.name(), pool.isActive() ? "active" : "inactive", auto, pool.uuid().toString()};
        }
        StoragePoolInfo info = pool.info();
        boolean sized = info.state() == StoragePoolState.RUNNING || info.state() == StoragePoolState.DEGRADED;
        return new String[] {pool.name(), info.state().label(), auto, pool.isPersistent() ? "yes" : "no",
            sized ? VirshSize.format(info.capacity()) : "-", sized ? VirshSize.format(info.allocation()) : "-",
            sized ? VirshSize.format(info.available()) : "-", pool.uuid().toString()};
    }

    private StoragePoolListFlag[] flags() throws Exception {
        if (all && inactive) {
            throw Errors.of("Options --all and --inactive are mutually exclusive");
        }
        List<StoragePoolListFlag> flags = new ArrayList<>();
        if (!all) {
            flags.add(inactive ? StoragePoolListFlag.INACTIVE : StoragePoolListFlag.ACTIVE);
        }
        if (autostart) {
            flags.add(StoragePoolListFlag.AUTOSTART);
        }
        if (noAutostart) {
            flags.add(StoragePoolListFlag.NO_AUTOSTART);
        }
        if (persistent) {
            flags.add(StoragePoolListFlag.PERSISTENT);
        }
        if (transientOnly) {
            flags.add(StoragePoolListFlag.TRANSIENT);
        }
        if (type != null) {
            for (String name : type.split(",")) {
                StoragePoolListFlag flag = StoragePoolListFlag.ofPoolType(name.strip());
                if (flag == null) {
                    throw Errors.of("Invalid pool type '" + name.strip() + "'");
                }
                flags.add(flag);
            }
        }
        return flags.toArray(StoragePoolListFlag[]::new);
    }
}
