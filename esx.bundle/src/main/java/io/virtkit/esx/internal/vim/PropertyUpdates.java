package io.virtkit.esx.internal.vim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes to properties, pushed by the server: a property collector of its own ({@code CreatePropertyCollector},
 * so its filter and long poll never disturb the session's shared collector), one filter on it
 * ({@code CreateFilter}), and {@code WaitForUpdatesEx} with the version of the last answer, waiting at most a
 * given time. The first wait answers at once with every object the filter reaches ({@code enter}); later waits
 * answer what changed since. {@link #cancel} ends a pending wait (from another thread), {@link #close} destroys
 * the filter and the collector.
 */
public final class PropertyUpdates implements AutoCloseable {

    /** How an object changed: it came into the filter's reach, changed, or left it (deleted or unregistered). */
    public enum Kind { ENTER, MODIFY, LEAVE }

    /** One object's change: the properties assigned (their new values) and those removed. */
    public record ObjectUpdate(MoRef obj, Kind kind, Map<String, VimNode> assigned, List<String> removed) {
        public ObjectUpdate {
            assigned = Map.copyOf(assigned);
            removed = List.copyOf(removed);
        }
    }

    private final VimSession session;
    private final MoRef collector;
    private final MoRef filter;
    private String version = "";

    private PropertyUpdates(VimSession session, MoRef collector, MoRef filter) {
        this.session = session;
        this.collector = collector;
        this.filter = filter;
    }

    /** A collector of its own with one filter over these objects' properties. */
    public static PropertyUpdates create(VimSession session, List<VimNode> objectSpecs, List<VimNode> propertySpecs) {
        MoRef collector = session.call("CreatePropertyCollector", session.serviceObject("propertyCollector"))
                .child("returnval").map(VimNode::asMoRef)
                .orElseThrow(() -> new VimProtocolException("CreatePropertyCollector answered without a collector"));
        try {
            List<VimNode> spec = new ArrayList<>(propertySpecs);
            spec.addAll(objectSpecs);
            MoRef filter = session.call("CreateFilter", collector, VimNode.of("spec", spec),
                    VimNode.leaf("partialUpdates", "false")).child("returnval").map(VimNode::asMoRef)
                    .orElseThrow(() -> new VimProtocolException("CreateFilter answered without a filter"));
            return new PropertyUpdates(session, collector, filter);
        } catch (RuntimeException e) {
            destroyQuietly(session, "DestroyPropertyCollector", collector, e);
            throw e;
        }
    }

    public MoRef collector() {
        return collector;
    }

    public MoRef filter() {
        return filter;
    }

    /**
     * Waits up to {@code maxWaitSeconds} for changes; the changes, in the server's order, or none when the wait
     * ran out. A truncated answer is followed at once by the rest. Not for concurrent use (one waiting thread).
     */
    public List<ObjectUpdate> await(int maxWaitSeconds) {
        List<ObjectUpdate> updates = new ArrayList<>();
        boolean truncated;
        do {
            VimNode answer = session.call("WaitForUpdatesEx", collector, VimNode.leaf("version", version),
                    VimNode.of("options", VimNode.leaf("maxWaitSeconds", Integer.toString(maxWaitSeconds))));
            VimNode set = answer.child("returnval").orElse(null);
            if (set == null) {
                return updates; // the wait ran out with no change
            }
            String next = set.textAt("version");
            if (next != null) {
                version = next;
            }
            for (VimNode filterUpdate : set.children("filterSet")) {
                for (VimNode object : filterUpdate.children("objectSet")) {
                    updates.add(update(object));
                }
            }
            truncated = "true".equals(set.textAt("truncated"));
        } while (truncated);
        return updates;
    }

    private static ObjectUpdate update(VimNode object) {
        MoRef obj = object.child("obj").map(VimNode::asMoRef)
                .orElseThrow(() -> new VimProtocolException("an object update without 'obj'"));
        Kind kind = switch (object.textAt("kind") == null ? "" : object.textAt("kind")) {
            case "enter" -> Kind.ENTER;
            case "leave" -> Kind.LEAVE;
            case "modify" -> Kind.MODIFY;
            default -> throw new VimProtocolException("an object update of unknown kind '" + object.textAt("kind") + "'");
        };
        Map<String, VimNode> assigned = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        for (VimNode change : object.children("changeSet")) {
            String name = change.textAt("name");
            VimNode val = change.child("val").orElse(null);
            if ("remove".equals(change.textAt("op")) || val == null) {
                removed.add(name);
            } else {
                assigned.put(name, val);
            }
        }
        return new ObjectUpdate(obj, kind, assigned, removed);
    }

    /** Ends a pending {@link #await} (it fails with {@code RequestCanceled}); failures are ignored. */
    public void cancel() {
        try {
            session.call("CancelWaitForUpdates", collector);
        } catch (RuntimeException e) {
            // nothing waits, or the server is gone: either way nothing is pending any more
        }
    }

    /** Destroys the filter and the collector; a server that is gone or forgot them (session ended) is no error. */
    @Override
    public void close() {
        destroyQuietly(session, "DestroyPropertyFilter", filter, null);
        destroyQuietly(session, "DestroyPropertyCollector", collector, null);
    }

    private static void destroyQuietly(VimSession session, String method, MoRef self, RuntimeException failure) {
        try {
            session.call(method, self);
        } catch (RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }
}
