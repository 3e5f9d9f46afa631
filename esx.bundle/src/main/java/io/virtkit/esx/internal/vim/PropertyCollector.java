package io.virtkit.esx.internal.vim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads properties in batches through the session's property collector: {@code RetrievePropertiesEx}, then
 * {@code ContinueRetrievePropertiesEx} while the server hands out a token, so one round trip answers for
 * hundreds of objects (libvirt's ESX driver asks for each domain separately). Also builds the specs.
 */
public final class PropertyCollector {

    /** How many objects one answer may carry; the server may send fewer. */
    private static final int BATCH = 1000;

    private final VimSession session;
    private final MoRef collector;

    public PropertyCollector(VimSession session) {
        this.session = session;
        this.collector = session.serviceObject("propertyCollector");
    }

    public MoRef reference() {
        return collector;
    }

    /** The properties of every object the object specs reach, for the property specs' types. */
    public List<ObjectContent> retrieve(List<VimNode> objectSpecs, List<VimNode> propertySpecs) {
        List<VimNode> spec = new ArrayList<>(propertySpecs);
        spec.addAll(objectSpecs);
        VimNode answer = session.call("RetrievePropertiesEx", collector, VimNode.of("specSet", spec),
                VimNode.of("options", VimNode.leaf("maxObjects", Integer.toString(BATCH))));
        List<ObjectContent> found = new ArrayList<>();
        VimNode result = answer.child("returnval").orElse(null);
        while (result != null) {
            for (VimNode object : result.children("objects")) {
                found.add(content(object));
            }
            String token = result.textAt("token");
            if (token == null || token.isEmpty()) {
                break;
            }
            result = session.call("ContinueRetrievePropertiesEx", collector, VimNode.leaf("token", token))
                    .child("returnval").orElse(null);
        }
        return found;
    }

    /** The given properties of one object; paths the server does not return are absent. */
    public ObjectContent retrieveOne(MoRef obj, String... paths) {
        List<ObjectContent> found = retrieve(List.of(objectSpec(obj, false)), List.of(propertySpec(obj.type(), paths)));
        if (found.isEmpty()) {
            return new ObjectContent(obj, Map.of(), Map.of());
        }
        return found.get(0);
    }

    /** Reads one {@code objects} entry of an answer (also the {@code obj}/{@code propSet} of an update). */
    public static ObjectContent content(VimNode object) {
        MoRef obj = object.child("obj").map(VimNode::asMoRef)
                .orElseThrow(() -> new VimProtocolException("an object content without 'obj'"));
        Map<String, VimNode> properties = new LinkedHashMap<>();
        for (VimNode property : object.children("propSet")) {
            String name = property.textAt("name");
            property.child("val").ifPresent(val -> properties.put(name, val));
        }
        Map<String, String> missing = new LinkedHashMap<>();
        for (VimNode miss : object.children("missingSet")) {
            String fault = miss.at("fault.fault").flatMap(VimNode::xsiType).orElse("unknown");
            missing.put(miss.textAt("path"), fault);
        }
        return new ObjectContent(obj, properties, missing);
    }

    /** {@code PropertySpec}: these paths of objects of {@code type}; no paths reads none (just the references). */
    public static VimNode propertySpec(String type, String... paths) {
        List<VimNode> children = new ArrayList<>();
        children.add(VimNode.leaf("type", type));
        children.add(VimNode.leaf("all", "false"));
        for (String path : paths) {
            children.add(VimNode.leaf("pathSet", path));
        }
        return VimNode.of("propSet", children);
    }

    /** {@code ObjectSpec} starting at {@code obj}, following {@code selectSet} traversals. */
    public static VimNode objectSpec(MoRef obj, boolean skip, VimNode... selectSet) {
        List<VimNode> children = new ArrayList<>();
        children.add(obj.toNode("obj"));
        children.add(VimNode.leaf("skip", Boolean.toString(skip)));
        for (VimNode select : selectSet) {
            children.add(select);
        }
        return VimNode.of("objectSet", children);
    }

    /** {@code TraversalSpec}: from objects of {@code type} along property {@code path}. */
    public static VimNode traversal(String name, String type, String path, boolean skip, VimNode... selectSet) {
        List<VimNode> children = new ArrayList<>();
        children.add(VimNode.leaf("name", name));
        children.add(VimNode.leaf("type", type));
        children.add(VimNode.leaf("path", path));
        children.add(VimNode.leaf("skip", Boolean.toString(skip)));
        for (VimNode select : selectSet) {
            children.add(select);
        }
        return VimNode.of("selectSet", children).typed("TraversalSpec");
    }

    /** A reference to a traversal spec by name, for recursive traversals. */
    public static VimNode selectionByName(String name) {
        return VimNode.of("selectSet", VimNode.leaf("name", name)).typed("SelectionSpec");
    }
}
