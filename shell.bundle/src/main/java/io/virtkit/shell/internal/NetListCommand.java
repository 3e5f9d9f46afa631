package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.Network;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.VirtException;

@Service
@Command(scope = "virt", name = "net-list", description = "List networks",
        detailedDescription = "Lists the active networks, or with --inactive the inactive ones, or with --all both, "
                + "by name in virsh net-list's table: name, state, autostart and persistence.")
public class NetListCommand extends ConnectedCommand {

    record Line(String name, String state, String autostart, String persistent) {
    }

    @Option(name = "--all", description = "List inactive as well as active networks")
    boolean all;

    @Option(name = "--inactive", description = "List inactive networks only")
    boolean inactive;

    @Override
    void execute(Connection connection) throws Exception {
        NetworkListFlag[] flags = all ? new NetworkListFlag[0]
                : inactive ? new NetworkListFlag[] {NetworkListFlag.INACTIVE}
                : new NetworkListFlag[] {NetworkListFlag.ACTIVE};
        List<Line> lines = new ArrayList<>();
        for (Network network : Errors.call("Failed to list networks", () -> connection.listAllNetworks(flags))) {
            try {
                lines.add(new Line(network.name(), network.isActive() ? "active" : "inactive",
                        network.autostart() ? "yes" : "no", network.isPersistent() ? "yes" : "no"));
            } catch (VirtException e) {
                // A transient network destroyed after it was listed is no longer there to show.
                if (e.code() != ErrorCode.NO_NETWORK) {
                    throw e;
                }
            }
        }
        lines.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.name(), b.name())); // virsh's order
        VirshTable table = new VirshTable("Name", "State", "Autostart", "Persistent");
        for (Line line : lines) {
            table.row(line.name(), line.state(), line.autostart(), line.persistent());
        }
        System.out.print(table.render());
    }
}
