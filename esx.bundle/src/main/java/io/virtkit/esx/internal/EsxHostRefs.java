package io.virtkit.esx.internal;

import java.util.List;

import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.ObjectContent;
import io.virtkit.esx.internal.vim.PropertyCollector;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.esx.internal.vim.VimSession;

/**
 * The inventory objects a connection works in: the datacenter (its inventory path is the {@code dcPath} of
 * datastore file URLs), its VM folder (where VMs are registered), the compute resource with its root
 * resource pool, and the host system. An ESX host has exactly one of each; through vCenter the vpx URI's
 * path names them ({@code /dc/cluster/host} or {@code /dc/host}), found with the search index.
 */
record EsxHostRefs(MoRef datacenter, String datacenterPath, MoRef vmFolder, MoRef computeResource,
        MoRef resourcePool, MoRef hostSystem, String hostName) {

    static EsxHostRefs locate(VimSession session, PropertyCollector properties, EsxUri uri) {
        return uri.scheme().equals("vpx") ? throughVcenter(session, properties, uri) : onHost(session, properties);
    }

    private static EsxHostRefs onHost(VimSession session, PropertyCollector properties) {
        MoRef root = session.serviceObject("rootFolder");
        VimNode toHost = PropertyCollector.traversal("crToHost", "ComputeResource", "host", false);
        VimNode folderToChildren = PropertyCollector.traversal("folderToChildren", "Folder", "childEntity", false,
                PropertyCollector.selectionByName("folderToChildren"), PropertyCollector.selectionByName("dcToHosts"),
                toHost);
        VimNode dcToHosts = PropertyCollector.traversal("dcToHosts", "Datacenter", "hostFolder", false,
                PropertyCollector.selectionByName("folderToChildren"));
        List<ObjectContent> found = properties.retrieve(
                List.of(PropertyCollector.objectSpec(root, false, folderToChildren, dcToHosts)),
                List.of(PropertyCollector.propertySpec("Datacenter", "name", "vmFolder"),
                        PropertyCollector.propertySpec("ComputeResource", "resourcePool", "host"),
                        PropertyCollector.propertySpec("HostSystem", "name")));
        ObjectContent dc = only(found, "Datacenter", "datacenter");
        ObjectContent cr = only(found, "ComputeResource", "compute resource");
        ObjectContent host = only(found, "HostSystem", "host system");
        return new EsxHostRefs(dc.obj(), dc.text("name"), dc.get("vmFolder").orElseThrow().asMoRef(), cr.obj(),
                cr.get("resourcePool").orElseThrow().asMoRef(), host.obj(), host.text("name"));
    }

    private static ObjectContent only(List<ObjectContent> found, String type, String what) {
        List<ObjectContent> matching = found.stream().filter(o -> o.obj().type().equals(type)).toList();
        if (matching.size() != 1) {
            throw EsxErrors.internal("Expected one " + what + " on the ESX host, found " + matching.size());
        }
        return matching.get(0);
    }

    private static EsxHostRefs throughVcenter(VimSession session, PropertyCollector properties, EsxUri uri) {
        MoRef searchIndex = session.serviceObject("searchIndex");
        String path = String.join("/", uri.path());
        List<String> segments = uri.path();
        // the datacenter may sit in folders: the longest prefix (leaving a compute resource) that is a datacenter
        MoRef datacenter = null;
        int dcEnd = 0;
        for (int end = 1; end < segments.size(); end++) {
            MoRef candidate = find(session, searchIndex, String.join("/", segments.subList(0, end)));
            if (candidate != null && candidate.type().equals("Datacenter")) {
                datacenter = candidate;
                dcEnd = end;
            }
        }
        if (datacenter == null) {
            throw EsxErrors.internal("Could not find datacenter specified in '" + path + "'");
        }
        String dcPath = String.join("/", segments.subList(0, dcEnd));
        List<String> rest = segments.subList(dcEnd, segments.size());
        MoRef computeResource = find(session, searchIndex, dcPath + "/host/" + rest.get(0));
        if (computeResource == null || !computeResource.type().endsWith("ComputeResource")) {
            throw EsxErrors.internal("Could not find compute resource specified in '" + path + "'");
        }
        ObjectContent cr = properties.retrieveOne(computeResource, "resourcePool", "host");
        MoRef host;
        if (rest.size() >= 2) {
            host = find(session, searchIndex, dcPath + "/host/" + rest.get(0) + "/" + rest.get(1));
            if (host == null || !host.type().equals("HostSystem") || rest.size() > 2) {
                throw EsxErrors.internal("Could not find host system specified in '" + path + "'");
            }
        } else {
            List<VimNode> hosts = cr.get("host").map(h -> h.children()).orElse(List.of());
            if (computeResource.type().equals("ClusterComputeResource") || hosts.size() != 1) {
                throw EsxErrors.internal("Path has to specify the host system");
            }
            host = hosts.get(0).asMoRef();
        }
        ObjectContent dc = properties.retrieveOne(datacenter, "vmFolder");
        ObjectContent hostName = properties.retrieveOne(host, "name");
        return new EsxHostRefs(datacenter, dcPath, dc.get("vmFolder").orElseThrow().asMoRef(), computeResource,
                cr.get("resourcePool").orElseThrow().asMoRef(), host, hostName.text("name"));
    }

    private static MoRef find(VimSession session, MoRef searchIndex, String inventoryPath) {
        VimNode answer = session.call("FindByInventoryPath", searchIndex, VimNode.leaf("inventoryPath", inventoryPath));
        return answer.child("returnval").map(VimNode::asMoRef).orElse(null);
    }

}
