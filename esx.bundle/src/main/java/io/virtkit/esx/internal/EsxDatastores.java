package io.virtkit.esx.internal;

import java.util.ArrayList;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.ObjectContent;
import io.virtkit.esx.internal.vim.PropertyCollector;
import io.virtkit.esx.internal.vim.VimNode;

/**
 * The datastores of the connection's host, read in one property-collector round trip (the host's
 * {@code datastore} list with each one's summary, info, browser and host mounts). Nothing is cached: a
 * datastore added or removed on the host shows at the next call, as libvirt asks the host every time.
 */
final class EsxDatastores {

    private static final String[] PROPERTIES = {"summary.name", "summary.accessible", "summary.capacity",
        "summary.freeSpace", "summary.url", "info", "browser", "host"};

    private final EsxContext context;

    EsxDatastores(EsxContext context) {
        this.context = context;
    }

    /** Every datastore the host mounts, in the host's order. */
    List<EsxDatastore> all() {
        VimNode hostToDatastores = PropertyCollector.traversal("hostToDatastores", "HostSystem", "datastore", false);
        List<ObjectContent> found = EsxErrors.call(() -> context.properties.retrieve(
                List.of(PropertyCollector.objectSpec(context.refs.hostSystem(), true, hostToDatastores)),
                List.of(PropertyCollector.propertySpec("Datastore", PROPERTIES))));
        List<EsxDatastore> datastores = new ArrayList<>(found.size());
        for (ObjectContent content : found) {
            if (content.obj().type().equals("Datastore") && content.text("summary.name") != null) {
                datastores.add(of(content));
            }
        }
        return datastores;
    }

    /** The datastore named {@code name}, or null. */
    EsxDatastore find(String name) {
        for (EsxDatastore ds : all()) {
            if (ds.name().equals(name)) {
                return ds;
            }
        }
        return null;
    }

    /** The datastore named {@code name}: NO_STORAGE_POOL with libvirt's words when there is none. */
    EsxDatastore byName(String name) {
        EsxDatastore ds = find(name);
        if (ds == null || ds.mountPath() == null) {
            throw noPool(name);
        }
        return ds;
    }

    static VirtException noPool(String name) {
        return new VirtException(ErrorCode.NO_STORAGE_POOL, ErrorDomain.ESX,
                "Could not find storage pool with name '" + name + "'");
    }

    private EsxDatastore of(ObjectContent content) {
        String mountPath = null;
        VimNode mounts = content.get("host").orElse(null);
        if (mounts != null) {
            for (VimNode mount : mounts.children()) {
                MoRef key = mount.child("key").map(VimNode::asMoRef).orElse(null);
                if (key != null && key.equals(context.refs.hostSystem())) {
                    mountPath = mount.textAt("mountInfo.path");
                }
            }
        }
        return new EsxDatastore(content.obj(), content.text("summary.name"),
                "true".equals(content.text("summary.accessible")), number(content.text("summary.capacity")),
                number(content.text("summary.freeSpace")), mountPath, content.text("summary.url"),
                content.get("info").orElse(null), content.get("browser").map(VimNode::asMoRef).orElse(null));
    }

    private static long number(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw EsxErrors.internal("Expected a number from the host but found '" + text + "'");
        }
    }
}
