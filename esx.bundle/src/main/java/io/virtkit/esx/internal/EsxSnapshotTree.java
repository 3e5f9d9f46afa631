package io.virtkit.esx.internal;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.ObjectContent;
import io.virtkit.esx.internal.vim.VimNode;

/**
 * A VM's snapshots as vSphere keeps them ({@code snapshot.rootSnapshotList} with each tree's
 * {@code childSnapshotList}, and {@code snapshot.currentSnapshot}), read in one round trip. libvirt's ESX driver
 * keeps no snapshot metadata of its own: names, parents, states and times all come from this tree, so snapshots
 * taken by the vSphere client or another libvirt show at once. Walks are depth first, a snapshot before its
 * children, as libvirt lists them.
 */
record EsxSnapshotTree(List<Node> roots, MoRef current) {

    /** The properties {@link #of} reads. */
    static final String[] PROPERTIES = {"snapshot.rootSnapshotList", "snapshot.currentSnapshot"};

    /** One snapshot: its reference, name, description, creation time (xsd:dateTime), VM power state, children. */
    record Node(MoRef ref, String name, String description, String createTime, String state, List<Node> children) {

        boolean isLeaf() {
            return children.isEmpty();
        }

        /** Seconds since the epoch, as libvirt's esxVI_DateTime_ConvertToCalendarTime (fractions dropped). */
        long creationSeconds() {
            try {
                return OffsetDateTime.parse(createTime).toEpochSecond();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(createTime).toEpochSecond(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    throw EsxErrors.internal("xsd:dateTime value '" + createTime + "' has unexpected format");
                }
            }
        }
    }

    /** A snapshot found by name, with its parent (null for a root). */
    record Found(Node node, Node parent) {
    }

    static EsxSnapshotTree of(ObjectContent vm) {
        List<Node> roots = vm.get("snapshot.rootSnapshotList").map(EsxSnapshotTree::items).orElse(List.of());
        MoRef current = vm.get("snapshot.currentSnapshot").map(VimNode::asMoRef).orElse(null);
        return new EsxSnapshotTree(roots, current);
    }

    /** The tree items of an array value (its children, whatever the server names them). */
    private static List<Node> items(VimNode array) {
        List<Node> nodes = new ArrayList<>();
        for (VimNode item : array.children()) {
            nodes.add(node(item));
        }
        return nodes;
    }

    private static Node node(VimNode tree) {
        List<Node> children = new ArrayList<>();
        for (VimNode child : tree.children("childSnapshotList")) {
            children.add(node(child));
        }
        MoRef ref = tree.child("snapshot").map(VimNode::asMoRef).orElse(null);
        return new Node(ref, tree.textAt("name"), tree.textAt("description"), tree.textAt("createTime"),
                tree.textAt("state"), List.copyOf(children));
    }

    /** The snapshot of that name, or null. */
    Found find(String name) {
        return find(roots, null, name);
    }

    private static Found find(List<Node> nodes, Node parent, String name) {
        for (Node node : nodes) {
            if (node.name().equals(name)) {
                return new Found(node, parent);
            }
            Found below = find(node.children(), node, name);
            if (below != null) {
                return below;
            }
        }
        return null;
    }

    /** The snapshot of that name; NO_DOMAIN_SNAPSHOT with libvirt's wording when there is none. */
    Found require(String name) {
        Found found = find(name);
        if (found == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_SNAPSHOT, ErrorDomain.ESX,
                    "Could not find snapshot with name '" + name + "'");
        }
        return found;
    }

    /** The current snapshot, or null when the VM has none. */
    Node currentNode() {
        if (current == null) {
            return null;
        }
        Node node = byRef(roots, current);
        if (node == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_SNAPSHOT, ErrorDomain.ESX,
                    "Could not find domain snapshot with internal name '" + current.value() + "'");
        }
        return node;
    }

    private static Node byRef(List<Node> nodes, MoRef ref) {
        for (Node node : nodes) {
            if (ref.equals(node.ref())) {
                return node;
            }
            Node below = byRef(node.children(), ref);
            if (below != null) {
                return below;
            }
        }
        return null;
    }

    /**
     * The snapshots under {@code nodes} that {@code keep} accepts, depth first: with {@code recurse} the whole
     * trees, otherwise only {@code nodes} themselves (libvirt's esxVI_GetSnapshotTreeNames).
     */
    static List<Node> walk(List<Node> nodes, boolean recurse, Predicate<Node> keep) {
        List<Node> out = new ArrayList<>();
        walk(nodes, recurse, keep, out);
        return out;
    }

    private static void walk(List<Node> nodes, boolean recurse, Predicate<Node> keep, List<Node> out) {
        for (Node node : nodes) {
            if (keep.test(node)) {
                out.add(node);
            }
            if (recurse) {
                walk(node.children(), true, keep, out);
            }
        }
    }
}
