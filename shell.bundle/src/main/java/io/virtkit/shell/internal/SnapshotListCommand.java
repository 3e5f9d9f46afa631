package io.virtkit.shell.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainSnapshot;
import io.virtkit.api.DomainSnapshotListFlag;
import io.virtkit.api.VirtException;
import io.virtkit.model.snapshot.SnapshotDefinition;
import io.virtkit.model.snapshot.SnapshotXmlCodec;

@Service
@Command(scope = "virt", name = "snapshot-list", description = "List snapshots for a domain",
        detailedDescription = "Lists the domain's snapshots by name in virsh's table (name, creation time, state, "
                + "with --parent also the parent), or as a tree with --tree, or only their names with --name. "
                + "--from SNAPSHOT lists its children (--descendants: all below it), --current only the current "
                + "one; --roots, --leaves, --no-leaves, --inactive, --active, --disk-only, --internal, --external "
                + "--metadata and --no-metadata filter as virsh's.")
public class SnapshotListCommand extends DomainCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    @Option(name = "--parent", description = "Add a column with each snapshot's parent")
    boolean parent;

    @Option(name = "--roots", description = "List only snapshots without a parent")
    boolean roots;

    @Option(name = "--leaves", description = "List only snapshots without children")
    boolean leaves;

    @Option(name = "--no-leaves", description = "List only snapshots with children")
    boolean noLeaves;

    @Option(name = "--metadata", description = "List only snapshots with driver metadata")
    boolean metadata;

    @Option(name = "--no-metadata", description = "List only snapshots without driver metadata")
    boolean noMetadata;

    @Option(name = "--inactive", description = "List only snapshots taken while the domain was shut off")
    boolean inactive;

    @Option(name = "--active", description = "List only snapshots taken while the domain ran, with its memory")
    boolean active;

    @Option(name = "--disk-only", description = "List only disk-only snapshots")
    boolean diskOnly;

    @Option(name = "--internal", description = "List only snapshots kept inside the disk images")
    boolean internal;

    @Option(name = "--external", description = "List only snapshots using files of their own")
    boolean external;

    @Option(name = "--tree", description = "Show the snapshots as a tree")
    boolean tree;

    @Option(name = "--from", description = "List the children of this snapshot")
    @Completion(SnapshotCompleter.class)
    String from;

    @Option(name = "--current", description = "List only the current snapshot (with --from: under it)")
    boolean current;

    @Option(name = "--descendants", description = "With --from or --current: all descendants, not only children")
    boolean descendants;

    @Option(name = "--name", description = "Print only the snapshots' names, one a line")
    boolean nameOnly;

    @Option(name = "--topological", description = "Parents before their children (the tree's order)")
    boolean topological;

    @Override
    void execute(Domain domain) throws Exception {
        checkOptions();
        List<DomainSnapshot> snapshots;
        try {
            snapshots = collect(domain);
        } catch (VirtException e) {
            throw Errors.of(e);
        }
        Map<String, SnapshotDefinition> defs = new LinkedHashMap<>();
        for (DomainSnapshot s : snapshots) {
            defs.put(s.name(), SnapshotXmlCodec.parseForRedefine(s.xml()));
        }
        if (tree) {
            System.out.print(tree(defs));
            return;
        }
        List<String> names = new ArrayList<>(defs.keySet());
        if (!topological) {
            names.sort(Comparator.naturalOrder()); // virsh's order
        }
        if (nameOnly) {
            names.forEach(System.out::println);
            return;
        }
        VirshTable table = parent ? new VirshTable("Name", "Creation Time", "State", "Parent")
                : new VirshTable("Name", "Creation Time", "State");
        for (String name : names) {
            SnapshotDefinition def = defs.get(name);
            String time = def.creationTime() == null ? ""
                    : TIME.format(Instant.ofEpochSecond(def.creationTime()).atZone(ZoneId.systemDefault()));
            String state = def.state() == null ? "" : def.state().xmlName();
            if (parent) {
                table.row(name, time, state, def.parent() == null ? "" : def.parent());
            } else {
                table.row(name, time, state);
            }
        }
        System.out.print(table.render());
    }

    private void checkOptions() throws Exception {
        if (parent && roots) {
            throw Errors.of("Options --parent and --roots are mutually exclusive");
        }
        if (tree && (parent || roots || nameOnly)) {
            throw Errors.of("Options --tree and --" + (parent ? "parent" : roots ? "roots" : "name")
                    + " are mutually exclusive");
        }
        if (from != null && current) {
            throw Errors.of("Options --from and --current are mutually exclusive");
        }
        if (descendants && from == null && !current) {
            throw Errors.of("Option --descendants requires either --from or --current");
        }
    }

    /** The snapshots asked for, with virsh's flags: from the domain, below --from, or the current one. */
    private List<DomainSnapshot> collect(Domain domain) {
        List<DomainSnapshotListFlag> flags = new ArrayList<>();
        add(flags, leaves, DomainSnapshotListFlag.LEAVES);
        add(flags, noLeaves, DomainSnapshotListFlag.NO_LEAVES);
        add(flags, metadata, DomainSnapshotListFlag.METADATA);
        add(flags, noMetadata, DomainSnapshotListFlag.NO_METADATA);
        add(flags, inactive, DomainSnapshotListFlag.INACTIVE);
        add(flags, active, DomainSnapshotListFlag.ACTIVE);
        add(flags, diskOnly, DomainSnapshotListFlag.DISK_ONLY);
        add(flags, internal, DomainSnapshotListFlag.INTERNAL);
        add(flags, external, DomainSnapshotListFlag.EXTERNAL);
        add(flags, topological, DomainSnapshotListFlag.TOPOLOGICAL);
        if (from != null || current && descendants) {
            DomainSnapshot start = from != null ? domain.snapshotLookupByName(from) : domain.currentSnapshot();
            add(flags, descendants, DomainSnapshotListFlag.DESCENDANTS);
            return start.listAllChildren(flags.toArray(DomainSnapshotListFlag[]::new));
        }
        if (current) {
            return domain.hasCurrentSnapshot() ? List.of(domain.currentSnapshot()) : List.of();
        }
        add(flags, roots, DomainSnapshotListFlag.ROOTS);
        return domain.listAllSnapshots(flags.toArray(DomainSnapshotListFlag[]::new));
    }

    /** The listed snapshots as virsh's tree: a snapshot whose parent is not listed is a root. */
    private static String tree(Map<String, SnapshotDefinition> defs) {
        Set<String> listed = defs.keySet();
        Map<String, List<String>> children = defs.values().stream().filter(d -> listed.contains(d.parent()))
                .collect(Collectors.groupingBy(SnapshotDefinition::parent, LinkedHashMap::new,
                        Collectors.mapping(SnapshotDefinition::name, Collectors.toList())));
        children.values().forEach(list -> list.sort(Comparator.naturalOrder()));
        List<String> roots = defs.values().stream().filter(d -> !listed.contains(d.parent()))
                .map(SnapshotDefinition::name).sorted().toList();
        return SnapshotTreePrinter.render(roots, children);
    }

    private static void add(List<DomainSnapshotListFlag> flags, boolean wanted, DomainSnapshotListFlag flag) {
        if (wanted) {
            flags.add(flag);
        }
    }
}
