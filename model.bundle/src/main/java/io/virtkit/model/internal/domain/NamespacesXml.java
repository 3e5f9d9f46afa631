package io.virtkit.model.internal.domain;

import static io.virtkit.model.domain.DomainNamespaces.BHYVE_NS;
import static io.virtkit.model.domain.DomainNamespaces.LXC_NS;
import static io.virtkit.model.domain.DomainNamespaces.QEMU_NS;
import static io.virtkit.model.domain.DomainNamespaces.VMWARE_NS;
import static io.virtkit.model.domain.DomainNamespaces.XEN_NS;

import io.virtkit.model.domain.DomainNamespaces;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The elements of the drivers' namespaces on {@code <domain>} ({@link DomainNamespaces}): QEMU's
 * {@code commandline}, {@code capabilities}, {@code override} and {@code deprecation}, LXC's {@code namespace},
 * bhyve's and Xen's {@code commandline}, VMware's {@code datacenterpath}. Written last, each with the prefix
 * libvirt's driver writes, declared on {@code <domain>}.
 */
final class NamespacesXml {

    /** The keys this codec reads, relative to {@code <domain>}. */
    static final List<String> MODELLED = List.of(
            q("commandline") + "/" + q("arg") + "@value", q("commandline") + "/" + q("env") + "@name",
            q("commandline") + "/" + q("env") + "@value", q("capabilities") + "/" + q("add") + "@capability",
            q("capabilities") + "/" + q("del") + "@capability", q("deprecation") + "@behavior",
            q("override") + "/" + q("device") + "@alias",
            q("override") + "/" + q("device") + "/" + q("frontend") + "/" + q("property") + "@name",
            q("override") + "/" + q("device") + "/" + q("frontend") + "/" + q("property") + "@type",
            q("override") + "/" + q("device") + "/" + q("frontend") + "/" + q("property") + "@value",
            l("namespace") + "/" + l("sharenet") + "@type", l("namespace") + "/" + l("sharenet") + "@value",
            l("namespace") + "/" + l("shareipc") + "@type", l("namespace") + "/" + l("shareipc") + "@value",
            l("namespace") + "/" + l("shareuts") + "@type", l("namespace") + "/" + l("shareuts") + "@value",
            "{" + BHYVE_NS + "}commandline/{" + BHYVE_NS + "}arg@value",
            "{" + XEN_NS + "}commandline/{" + XEN_NS + "}arg@value", "{" + VMWARE_NS + "}datacenterpath");

    private NamespacesXml() {
    }

    private static String q(String name) {
        return "{" + QEMU_NS + "}" + name;
    }

    private static String l(String name) {
        return "{" + LXC_NS + "}" + name;
    }

    static DomainNamespaces parse(XmlCursor root) {
        List<String> qemuArgs = new ArrayList<>();
        List<DomainNamespaces.Env> qemuEnv = new ArrayList<>();
        for (XmlCursor cl : root.children(q("commandline"))) {
            for (XmlCursor a : cl.children(q("arg"))) {
                qemuArgs.add(required(a, "value"));
            }
            for (XmlCursor e : cl.children(q("env"))) {
                String name = required(e, "name");
                if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                    throw DomainErrors.xmlError("Invalid environment name, it must begin with a letter or underscore");
                }
                qemuEnv.add(new DomainNamespaces.Env(name, e.attr("value")));
            }
        }
        DomainNamespaces.QemuCapabilities caps = null;
        XmlCursor c = root.child(q("capabilities"));
        if (c != null) {
            List<String> add = new ArrayList<>();
            List<String> del = new ArrayList<>();
            c.children(q("add")).forEach(a -> add.add(required(a, "capability")));
            c.children(q("del")).forEach(d -> del.add(required(d, "capability")));
            caps = new DomainNamespaces.QemuCapabilities(add, del);
        }
        List<DomainNamespaces.QemuDeviceOverride> overrides = null;
        XmlCursor o = root.child(q("override"));
        if (o != null) {
            overrides = new ArrayList<>();
            for (XmlCursor d : o.children(q("device"))) {
                List<DomainNamespaces.QemuProperty> frontend = null;
                XmlCursor f = d.child(q("frontend"));
                if (f != null) {
                    frontend = new ArrayList<>();
                    for (XmlCursor p : f.children(q("property"))) {
                        frontend.add(new DomainNamespaces.QemuProperty(required(p, "name"), required(p, "type"),
                                p.attr("value")));
                    }
                }
                overrides.add(new DomainNamespaces.QemuDeviceOverride(required(d, "alias"), frontend));
            }
        }
        XmlCursor dep = root.child(q("deprecation"));
        String deprecation = dep == null ? null : dep.attrOrEmpty("behavior");
        DomainNamespaces.LxcNamespace lxc = null;
        XmlCursor ns = root.child(l("namespace"));
        if (ns != null) {
            lxc = new DomainNamespaces.LxcNamespace(share(ns, "sharenet"), share(ns, "shareipc"),
                    share(ns, "shareuts"));
        }
        XmlCursor dc = root.child("{" + VMWARE_NS + "}datacenterpath");
        return new DomainNamespaces(qemuArgs, qemuEnv, caps, overrides, deprecation, lxc, args(root, BHYVE_NS),
                args(root, XEN_NS), dc == null ? null : dc.text());
    }

    private static List<String> args(XmlCursor root, String ns) {
        List<String> args = new ArrayList<>();
        for (XmlCursor cl : root.children("{" + ns + "}commandline")) {
            cl.children("{" + ns + "}arg").forEach(a -> args.add(required(a, "value")));
        }
        return args;
    }

    private static DomainNamespaces.LxcShare share(XmlCursor ns, String name) {
        XmlCursor s = ns.child(l(name));
        if (s == null) {
            return null;
        }
        String type = required(s, "type");
        if (type.equals("netns") && !name.equals("sharenet")) {
            throw DomainErrors.xmlError("Unknown LXC namespace source '" + type + "'");
        }
        return new DomainNamespaces.LxcShare(type, required(s, "value"));
    }

    private static String required(XmlCursor e, String attribute) {
        String value = e.attr(attribute);
        if (value == null) {
            throw DomainErrors.xmlError("missing '" + attribute + "' attribute in '" + e.prefix() + ":" + e.name()
                    + "'");
        }
        return value;
    }

    /** The {@code xmlns:PREFIX} declarations {@code <domain>} carries for {@code n}, as attribute pairs. */
    static List<String> rootNamespaces(DomainNamespaces n) {
        List<String> attrs = new ArrayList<>();
        if (n == null) {
            return attrs;
        }
        if (n.hasQemuCommandline() || n.qemuCapabilities() != null || n.qemuOverrides() != null
                || n.qemuDeprecation() != null) {
            attrs.addAll(List.of("xmlns:qemu", QEMU_NS));
        }
        if (n.lxcNamespace() != null) {
            attrs.addAll(List.of("xmlns:lxc", LXC_NS));
        }
        if (!n.bhyveArgs().isEmpty()) {
            attrs.addAll(List.of("xmlns:bhyve", BHYVE_NS));
        }
        if (!n.xenArgs().isEmpty()) {
            attrs.addAll(List.of("xmlns:xen", XEN_NS));
        }
        if (n.vmwareDatacenterPath() != null) {
            attrs.addAll(List.of("xmlns:vmware", VMWARE_NS));
        }
        return attrs;
    }

    static void write(XmlWriter w, DomainNamespaces n) {
        if (n == null) {
            return;
        }
        if (n.hasQemuCommandline()) {
            w.open("qemu:commandline");
            n.qemuArgs().forEach(a -> w.empty("qemu:arg", "value", a));
            n.qemuEnv().forEach(e -> w.empty("qemu:env", "name", e.name(), "value", e.value()));
            w.close("qemu:commandline");
        }
        DomainNamespaces.QemuCapabilities caps = n.qemuCapabilities();
        if (caps != null) {
            if (caps.add().isEmpty() && caps.del().isEmpty()) {
                w.empty("qemu:capabilities");
            } else {
                w.open("qemu:capabilities");
                caps.add().forEach(a -> w.empty("qemu:add", "capability", a));
                caps.del().forEach(d -> w.empty("qemu:del", "capability", d));
                w.close("qemu:capabilities");
            }
        }
        if (n.qemuOverrides() != null) {
            w.open("qemu:override");
            for (DomainNamespaces.QemuDeviceOverride d : n.qemuOverrides()) {
                if (d.frontend() == null) {
                    w.empty("qemu:device", "alias", d.alias());
                    continue;
                }
                w.open("qemu:device", "alias", d.alias());
                if (d.frontend().isEmpty()) {
                    w.empty("qemu:frontend");
                } else {
                    w.open("qemu:frontend");
                    d.frontend().forEach(p -> w.empty("qemu:property", "name", p.name(), "type", p.type(), "value",
                            p.value()));
                    w.close("qemu:frontend");
                }
                w.close("qemu:device");
            }
            w.close("qemu:override");
        }
        if (n.qemuDeprecation() != null) {
            w.empty("qemu:deprecation", "behavior", n.qemuDeprecation());
        }
        DomainNamespaces.LxcNamespace lxc = n.lxcNamespace();
        if (lxc != null) {
            w.open("lxc:namespace");
            writeShare(w, "lxc:sharenet", lxc.net());
            writeShare(w, "lxc:shareipc", lxc.ipc());
            writeShare(w, "lxc:shareuts", lxc.uts());
            w.close("lxc:namespace");
        }
        writeArgs(w, "bhyve", n.bhyveArgs());
        writeArgs(w, "xen", n.xenArgs());
        w.text("vmware:datacenterpath", n.vmwareDatacenterPath());
    }

    private static void writeShare(XmlWriter w, String element, DomainNamespaces.LxcShare s) {
        if (s != null) {
            w.empty(element, "type", s.type(), "value", s.value());
        }
    }

    private static void writeArgs(XmlWriter w, String prefix, List<String> args) {
        if (!args.isEmpty()) {
            w.open(prefix + ":commandline");
            args.forEach(a -> w.empty(prefix + ":arg", "value", a));
            w.close(prefix + ":commandline");
        }
    }
}
