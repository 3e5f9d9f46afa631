package io.virtkit.esx.internal;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import io.virtkit.api.DomainSnapshotCreateFlag;
import io.virtkit.api.DomainSnapshotDeleteFlag;
import io.virtkit.api.DomainSnapshotListFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DomainSnapshotRef;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.model.snapshot.SnapshotDefinition;
import io.virtkit.model.snapshot.SnapshotState;
import io.virtkit.model.snapshot.SnapshotXmlCodec;

/**
 * A VM's snapshots as libvirt's ESX driver handles them (its esxDomainSnapshot* entries): vSphere keeps them, the
 * driver keeps nothing (no snapshot has libvirt metadata), so every call reads the VM's snapshot tree anew.
 * Create takes a snapshot with CreateSnapshot_Task (name and description from the {@code <domainsnapshot>} XML,
 * the memory state unless DISK_ONLY, quiesced with QUIESCE), revert and delete run RevertToSnapshot_Task and
 * RemoveSnapshot_Task. Flags, refusals and wording are libvirt 9.0's, its function names included.
 */
final class EsxSnapshots {

    private static final long CREATE_FLAGS = DomainSnapshotCreateFlag.DISK_ONLY.bit()
            | DomainSnapshotCreateFlag.QUIESCE.bit() | DomainSnapshotCreateFlag.NO_METADATA.bit()
            | DomainSnapshotCreateFlag.VALIDATE.bit();
    private static final long LIST_FLAGS = (1L << 11) - 1; // every filter of libvirt 9.0
    private static final long DELETE_FLAGS = DomainSnapshotDeleteFlag.CHILDREN.bit()
            | DomainSnapshotDeleteFlag.METADATA_ONLY.bit();

    private final EsxContext context;
    private final EsxInventory inventory;

    EsxSnapshots(EsxContext context, EsxInventory inventory) {
        this.context = context;
        this.inventory = inventory;
    }

    private EsxSnapshotTree tree(EsxVm vm) {
        return EsxSnapshotTree.of(EsxErrors.call(() -> context.properties.retrieveOne(vm.ref(),
                EsxSnapshotTree.PROPERTIES)));
    }

    private EsxSnapshotTree tree(DomainRef domain) {
        return tree(inventory.of(domain));
    }

    DomainSnapshotRef create(DomainRef domain, String xml, long flags) {
        check(flags, CREATE_FLAGS, "esxDomainSnapshotCreateXML");
        EsxVm vm = inventory.of(domain);
        SnapshotDefinition def = SnapshotXmlCodec.parseForCreate(xml, Instant.now().getEpochSecond());
        if (!def.disks().isEmpty()) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.ESX, "disk snapshots not supported yet");
        }
        if (tree(vm).find(def.name()) != null) {
            throw EsxErrors.invalid("Snapshot '" + def.name() + "' already exists");
        }
        boolean diskOnly = (flags & DomainSnapshotCreateFlag.DISK_ONLY.bit()) != 0;
        boolean quiesce = (flags & DomainSnapshotCreateFlag.QUIESCE.bit()) != 0;
        EsxErrors.task("Could not create snapshot", () -> context.tasks.run(context.taskTimeout(),
                "CreateSnapshot_Task", vm.ref(), VimNode.leaf("name", def.name()),
                def.description() == null ? null : VimNode.leaf("description", def.description()),
                VimNode.leaf("memory", Boolean.toString(!diskOnly)), VimNode.leaf("quiesce", Boolean.toString(quiesce))));
        return new DomainSnapshotRef(domain, def.name());
    }

    /** libvirt's esxDomainSnapshotNum/ListNames filters, and the others of virDomainListAllSnapshots. */
    List<DomainSnapshotRef> listAll(DomainRef domain, long flags) {
        check(flags, LIST_FLAGS, "esxDomainSnapshotListNames");
        boolean recurse = (flags & DomainSnapshotListFlag.ROOTS.bit()) == 0;
        return refs(domain, EsxSnapshotTree.walk(tree(domain).roots(), recurse, filter(flags)));
    }

    List<DomainSnapshotRef> listChildren(DomainSnapshotRef snapshot, long flags) {
        check(flags, LIST_FLAGS, "esxDomainSnapshotListChildrenNames");
        boolean recurse = (flags & DomainSnapshotListFlag.DESCENDANTS.bit()) != 0;
        EsxSnapshotTree.Node node = tree(snapshot.domain()).require(snapshot.name()).node();
        return refs(snapshot.domain(), EsxSnapshotTree.walk(node.children(), recurse, filter(flags)));
    }

    /**
     * The filter groups of libvirt's listing flags: within a group (leaves, metadata, state, location) a snapshot
     * passes when it matches one flag given, and a group with no flag passes all. No ESX snapshot has libvirt
     * metadata, and all are internal (kept by vSphere beside the disks).
     */
    private static Predicate<EsxSnapshotTree.Node> filter(long flags) {
        boolean leaves = has(flags, DomainSnapshotListFlag.LEAVES);
        boolean noLeaves = has(flags, DomainSnapshotListFlag.NO_LEAVES);
        boolean metadata = has(flags, DomainSnapshotListFlag.METADATA);
        boolean noMetadata = has(flags, DomainSnapshotListFlag.NO_METADATA);
        boolean inactive = has(flags, DomainSnapshotListFlag.INACTIVE);
        boolean active = has(flags, DomainSnapshotListFlag.ACTIVE);
        boolean diskOnly = has(flags, DomainSnapshotListFlag.DISK_ONLY);
        boolean internal = has(flags, DomainSnapshotListFlag.INTERNAL);
        boolean external = has(flags, DomainSnapshotListFlag.EXTERNAL);
        return node -> {
            if ((leaves || noLeaves) && !(leaves && node.isLeaf() || noLeaves && !node.isLeaf())) {
                return false;
            }
            if ((metadata || noMetadata) && !noMetadata) {
                return false;
            }
            if (inactive || active || diskOnly) {
                SnapshotState state = state(node);
                if (!(inactive && state == SnapshotState.SHUTOFF || active && state.isActive())) {
                    return false;
                }
            }
            return !(internal || external) || internal;
        };
    }

    private static boolean has(long flags, DomainSnapshotListFlag flag) {
        return (flags & flag.bit()) != 0;
    }

    private static List<DomainSnapshotRef> refs(DomainRef domain, List<EsxSnapshotTree.Node> nodes) {
        return nodes.stream().map(n -> new DomainSnapshotRef(domain, n.name())).toList();
    }

    DomainSnapshotRef lookupByName(DomainRef domain, String name, long flags) {
        check(flags, 0, "esxDomainSnapshotLookupByName");
        tree(domain).require(name);
        return new DomainSnapshotRef(domain, name);
    }

    boolean hasCurrent(DomainRef domain, long flags) {
        check(flags, 0, "esxDomainHasCurrentSnapshot");
        return tree(domain).currentNode() != null;
    }

    DomainSnapshotRef current(DomainRef domain, long flags) {
        check(flags, 0, "esxDomainSnapshotCurrent");
        EsxSnapshotTree.Node current = tree(domain).currentNode();
        if (current == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_SNAPSHOT, ErrorDomain.ESX, "Domain has no current snapshot");
        }
        return new DomainSnapshotRef(domain, current.name());
    }

    DomainSnapshotRef parent(DomainSnapshotRef snapshot, long flags) {
        check(flags, 0, "esxDomainSnapshotGetParent");
        EsxSnapshotTree.Found found = tree(snapshot.domain()).require(snapshot.name());
        if (found.parent() == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_SNAPSHOT, ErrorDomain.ESX,
                    "snapshot '" + snapshot.name() + "' does not have a parent");
        }
        return new DomainSnapshotRef(snapshot.domain(), found.parent().name());
    }

    boolean isCurrent(DomainSnapshotRef snapshot, long flags) {
        check(flags, 0, "esxDomainSnapshotIsCurrent");
        EsxSnapshotTree tree = tree(snapshot.domain());
        tree.require(snapshot.name());
        EsxSnapshotTree.Node current = tree.currentNode();
        if (current == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_SNAPSHOT, ErrorDomain.ESX, "Domain has no current snapshot");
        }
        return current.name().equals(snapshot.name());
    }

    boolean hasMetadata(DomainSnapshotRef snapshot, long flags) {
        check(flags, 0, "esxDomainSnapshotHasMetadata");
        tree(snapshot.domain()).require(snapshot.name());
        return false; // vSphere keeps ESX snapshots: libvirt has no metadata for them
    }

    /** libvirt's esxDomainSnapshotGetXMLDesc: name, description, state, parent and creation time from the tree. */
    String xml(DomainSnapshotRef snapshot, long flags) {
        check(flags, 0, "esxDomainSnapshotGetXMLDesc");
        EsxSnapshotTree.Found found = tree(snapshot.domain()).require(snapshot.name());
        EsxSnapshotTree.Node node = found.node();
        SnapshotDefinition def = new SnapshotDefinition(snapshot.name(), node.description(), state(node),
                node.creationSeconds(), found.parent() == null ? null : found.parent().name(), null, List.of(), null);
        String xml = SnapshotXmlCodec.format(def);
        // libvirt keeps no domain definition with an ESX snapshot: only the domain's UUID is shown
        int end = xml.lastIndexOf("</domainsnapshot>");
        return xml.substring(0, end) + "  <domain>\n    <uuid>" + snapshot.domain().uuid() + "</uuid>\n  </domain>\n"
                + xml.substring(end);
    }

    void revert(DomainSnapshotRef snapshot, long flags) {
        check(flags, 0, "esxDomainRevertToSnapshot");
        EsxSnapshotTree.Node node = tree(snapshot.domain()).require(snapshot.name()).node();
        EsxErrors.task("Could not revert to snapshot '" + snapshot.name() + "'", () -> context.tasks.run(
                context.taskTimeout(), "RevertToSnapshot_Task", node.ref()));
    }

    void delete(DomainSnapshotRef snapshot, long flags) {
        check(flags, DELETE_FLAGS, "esxDomainSnapshotDelete");
        EsxSnapshotTree.Node node = tree(snapshot.domain()).require(snapshot.name()).node();
        if ((flags & DomainSnapshotDeleteFlag.METADATA_ONLY.bit()) != 0) {
            return; // no libvirt metadata to remove: trivial once the snapshot is known to exist
        }
        boolean children = (flags & DomainSnapshotDeleteFlag.CHILDREN.bit()) != 0;
        EsxErrors.task("Could not delete snapshot '" + snapshot.name() + "'", () -> context.tasks.run(
                context.taskTimeout(), "RemoveSnapshot_Task", node.ref(),
                VimNode.leaf("removeChildren", Boolean.toString(children))));
    }

    /** libvirt's mapping of the VM's power state when the snapshot was taken. */
    static SnapshotState state(EsxSnapshotTree.Node node) {
        return switch (node.state() == null ? "" : node.state()) {
            case "poweredOn" -> SnapshotState.RUNNING;
            case "suspended" -> SnapshotState.PAUSED;
            case "poweredOff" -> SnapshotState.SHUTOFF;
            default -> SnapshotState.NOSTATE;
        };
    }

    /** libvirt's virCheckFlags in the ESX driver: INVALID_ARG from the ESX domain, naming libvirt's function. */
    static void check(long flags, long supported, String function) {
        long unknown = flags & ~supported;
        if (unknown != 0) {
            throw unsupportedFlags(unknown, function);
        }
    }

    static VirtException unsupportedFlags(long flags, String function) {
        // libvirt's virCheckFlags reports its message as it is, without the code's prefix
        return VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.ESX,
                "unsupported flags (0x" + Long.toHexString(flags) + ") in function " + function);
    }
}
