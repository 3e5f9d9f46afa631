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
                + "both, in virsh list's table: running domains by id, then inactive ones (id '-') by name. "
                + "--with-managed-save and --without-managed-save narrow the list to domains with or without a "
                + "managed save image; --managed-save shows inactive ones with an image as 'saved'.")
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

    @Option(name = "--with-managed-save", description = "List only domains with a managed save image")
    boolean withManagedSave;

    @Option(name = "--without-managed-save", description = "List only domains without a managed save image")
    boolean withoutManagedSave;

    @Option(name = "--managed-save", description = "Show the state of inactive domains with an image as 'saved'")
    boolean managedSave;

    @Override
    void execute(Connection connection) throws Exception {
        List<DomainListFlag> wanted = new ArrayList<>();
        if (!all) {
            wanted.add(inactive ? DomainListFlag.INACTIVE : DomainListFlag.ACTIVE);
        }
        if (withManagedSave) {
            wanted.add(DomainListFlag.MANAGEDSAVE);
        }
        if (withoutManagedSave) {
            wanted.add(DomainListFlag.NO_MANAGEDSAVE);
        }
        DomainListFlag[] flags = wanted.toArray(DomainListFlag[]::new);
        List<Line> lines = new ArrayList<>();
        for (Domain domain : Errors.call("Failed to list domains", () -> connection.listAllDomains(flags))) {
            try {
                lines.add(new Line(domain.id(), domain.name(), state(domain)));
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

    /** virsh's --managed-save shows an inactive domain with an image as "saved". */
    private String state(Domain domain) {
        String state = domain.state().state().label();
        if (managedSave && domain.id() < 0 && ManagedSaveImages.has(domain)) {
            return "saved";
        }
        return state;
    }
}
