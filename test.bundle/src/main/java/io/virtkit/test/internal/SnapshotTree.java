package io.virtkit.test.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.snapshot.SnapshotDefinition;

/**
 * The snapshots of one test domain, libvirt's {@code virDomainSnapshotObjList}: definitions by name, linked by their
 * {@code parent} names, and the current one. A snapshot whose parent is not here counts as a root (libvirt links it
 * to its meta-root). Mutable; touched only under the lock of {@link TestDomains}.
 */
final class SnapshotTree {

    private final Map<String, SnapshotDefinition> byName = new LinkedHashMap<>();
    private String current;

    int size() {
        return byName.size();
    }

    boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** @throws VirtException NO_DOMAIN_SNAPSHOT worded as libvirt's test driver */
    SnapshotDefinition get(String name) {
        SnapshotDefinition def = byName.get(name);
        if (def == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_SNAPSHOT, ErrorDomain.TEST,
                    "no domain snapshot with matching name '" + name + "'");
        }
        return def;
    }

    /** Adds a snapshot, or replaces the one of the same name in its place. */
    void put(SnapshotDefinition def) {
        byName.put(def.name(), def);
    }

    void remove(String name) {
        byName.remove(name);
        if (name.equals(current)) {
            current = null;
        }
    }

    /** The current snapshot's name, or null. */
    String current() {
        return current;
    }

    void setCurrent(String name) {
        current = name;
    }

    /** The direct children of {@code name}, or the roots for null, in the order they were taken. */
    List<SnapshotDefinition> children(String name) {
        List<SnapshotDefinition> result = new ArrayList<>();
        for (SnapshotDefinition d : byName.values()) {
            if (name == null ? isRoot(d) : name.equals(d.parent())) {
                result.add(d);
            }
        }
        return result;
    }

    /** Every descendant of {@code name} (every snapshot for null), parents before their children. */
    List<SnapshotDefinition> descendants(String name) {
        List<SnapshotDefinition> result = new ArrayList<>();
        collect(name, result);
        return result;
    }

    private void collect(String name, List<SnapshotDefinition> into) {
        for (SnapshotDefinition child : children(name)) {
            into.add(child);
            collect(child.name(), into);
        }
    }

    boolean hasChildren(String name) {
        return byName.values().stream().anyMatch(d -> name.equals(d.parent()));
    }

    /** Whether {@code ancestor} is {@code name} or one of its ancestors. */
    boolean isAncestorOrSelf(String ancestor, String name) {
        for (String n = name; n != null; n = byName.containsKey(n) ? byName.get(n).parent() : null) {
            if (n.equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    private boolean isRoot(SnapshotDefinition d) {
        return d.parent() == null || !byName.containsKey(d.parent());
    }
}
