package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

@Service
@Command(scope = "virt", name = "list", description = "List domains",
        detailedDescription = "Lists the running domains, or with --inactive the inactive ones, or with --all "
                + "both, in virsh list's table: running domains by id, then inactive ones (id '-') by name.")
public class ListCommand extends ConnectedCommand {

    /** One line of the table, read once so that sorting does not ask the driver again. */
    record Line(int id, String name, String state) {
    }

    /** virsh's order: domains with an id by id, then the inactive ones by name, ignoring case. */
    static final Comparator<Line> VIRSH_ORDER = Comparator
            .comparing((Line l) -> l.id() < 0)
            .thenComparingInt(l -> Math.max(l.id(), 0))
            .thenComparing(Line::name, String.CASE_INSENSITIVE_ORDER);

    @Option(name = "--all", description = "List inactive as well as running domains")
    boolean all;

    @Option(name = "--inactive", description = "List inactive domains only")
    boolean inactive;

    @Override
    void execute(Connection connection) throws Exception {
        DomainListFlag[] flags = all ? new DomainListFlag[0]
                : inactive ? new DomainListFlag[] {DomainListFlag.INACTIVE}
                : new DomainListFlag[] {DomainListFlag.ACTIVE};
        List<Line> lines = new ArrayList<>();
        for (Domain domain : Errors.call("Failed to list domains", () -> connection.listAllDomains(flags))) {
            try {
                lines.add(new Line(domain.id(), domain.name(), domain.state().state().label()));
            } catch (VirtException e) {
                // A transient domain that stopped after it was listed is no longer there to show.
                if (e.code() != ErrorCode.NO_DOMAIN) {
                    throw e;
                }
            }
        }
        lines.sort(VIRSH_ORDER);
        VirshTable table = new VirshTable("Id", "Name", "State");
        for (Line line : lines) {
            table.row(line.id() < 0 ? "-" : Integer.toString(line.id()), line.name(), line.state());
        }
        System.out.print(table.render());
    }
}
