package io.virtkit.model.internal.snapshot;

import java.util.ArrayList;
import java.util.List;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.internal.domain.DomainXml;
import io.virtkit.model.internal.xml.SecureXml;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlKeys;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.snapshot.SnapshotDefinition;
import io.virtkit.model.snapshot.SnapshotDisk;
import io.virtkit.model.snapshot.SnapshotLocation;
import io.virtkit.model.snapshot.SnapshotMemory;
import io.virtkit.model.snapshot.SnapshotState;

/**
 * The {@code <domainsnapshot>} element, read as libvirt's snapshot parser reads it (what a plain create may give,
 * and what only a redefinition reads) and written in libvirt's order. The kept {@code <domain>} is read by the
 * domain codec, as strictly as a domain document.
 */
public final class SnapshotXml {
    static final List<String> MODELLED = List.of("domainsnapshot", "domainsnapshot/name",
            "domainsnapshot/description", "domainsnapshot/state", "domainsnapshot/creationTime",
            "domainsnapshot/parent/name", "domainsnapshot/memory@snapshot", "domainsnapshot/memory@file",
            "domainsnapshot/disks/disk@name", "domainsnapshot/disks/disk@snapshot", "domainsnapshot/disks/disk@type",
            "domainsnapshot/disks/disk/source@file", "domainsnapshot/disks/disk/driver@type",
            // the kept domain: any key here, the domain codec checks its own
            "domainsnapshot/domain@*", "domainsnapshot/domain/*@*");
    static final XmlKeys KEYS = XmlKeys.of(MODELLED, SnapshotXml.class, "snapshot-not-modelled.txt");
    private static final ErrorDomain D = ErrorDomain.DOMAIN_SNAPSHOT;
    private static final String DOC_URL = "(domain_snapshot)";

    private SnapshotXml() {
    }

    public static SnapshotDefinition parse(String xml, boolean redefine, long nowSeconds) {
        if (xml == null || xml.isBlank()) {
            if (redefine) {
                throw new VirtException(ErrorCode.INVALID_ARG, D, "xml must not be empty");
            }
            xml = "<domainsnapshot/>";
        }
        Element rootEl = SecureXml.read(xml, D, DOC_URL).getDocumentElement();
        XmlCursor root = XmlCursor.root(rootEl, KEYS);
        if (!"domainsnapshot".equals(root.name()) || rootEl.getNamespaceURI() != null) {
            throw xmlError("expecting root element of 'domainsnapshot', not '" + root.name() + "'");
        }
        KEYS.check(rootEl, D);
        String name = blankToNull(root.childText("name"));
        String description = root.childText("description");
        SnapshotMemory memory = parseMemory(root.child("memory"));
        List<SnapshotDisk> disks = parseDisks(root.child("disks"));
        if (!redefine) {
            return new SnapshotDefinition(name == null ? Long.toString(nowSeconds) : name, description, null,
                    nowSeconds, null, memory, disks, null);
        }
        if (name == null) {
            throw xmlError("a redefined snapshot must have a name");
        }
        String stateText = root.childText("state");
        if (stateText == null) {
            throw xmlError("missing state from existing snapshot");
        }
        SnapshotState state = SnapshotState.ofXmlName(stateText.strip())
                .orElseThrow(() -> xmlError("Invalid state '" + stateText + "' in domain snapshot XML"));
        String created = root.childText("creationTime");
        if (created == null) {
            throw xmlError("missing creationTime from existing snapshot");
        }
        long creationTime;
        try {
            creationTime = Long.parseLong(created.strip());
        } catch (NumberFormatException e) {
            throw xmlError("missing creationTime from existing snapshot");
        }
        XmlCursor parentEl = root.child("parent");
        String parent = parentEl == null ? null : blankToNull(parentEl.childText("name"));
        DomainDefinition domain = null;
        Element domainEl = childElement(rootEl, "domain");
        if (domainEl != null) {
            domain = DomainXml.parseElement(domainEl, false);
        }
        return new SnapshotDefinition(name, description, state, creationTime, parent, memory, disks, domain);
    }

    private static SnapshotMemory parseMemory(XmlCursor m) {
        if (m == null) {
            return null;
        }
        String snapshot = m.attr("snapshot");
        String file = m.attr("file");
        SnapshotLocation location = null;
        if (snapshot != null) {
            location = SnapshotLocation.ofXmlName(snapshot)
                    .orElseThrow(() -> xmlError("unknown memory snapshot setting '" + snapshot + "'"));
        }
        if (file != null && !file.startsWith("/")) {
            throw xmlError("memory snapshot file path '" + file + "' must be absolute");
        }
        if (file != null && location != null && location != SnapshotLocation.EXTERNAL) {
            throw xmlError("memory filename '" + file + "' requires external snapshot");
        }
        if (file == null && location == SnapshotLocation.EXTERNAL) {
            throw xmlError("external memory snapshots require a filename");
        }
        if (location == null) {
            location = file != null ? SnapshotLocation.EXTERNAL : null;
        }
        return location == null ? null : new SnapshotMemory(location, file);
    }

    private static List<SnapshotDisk> parseDisks(XmlCursor disksEl) {
        List<SnapshotDisk> disks = new ArrayList<>();
        if (disksEl == null) {
            return disks;
        }
        for (XmlCursor d : disksEl.children("disk")) {
            String name = d.attr("name");
            if (name == null) {
                throw xmlError("missing name from disk snapshot element");
            }
            String snapshot = d.attr("snapshot");
            SnapshotLocation location = null;
            if (snapshot != null) {
                location = SnapshotLocation.ofXmlName(snapshot)
                        .orElseThrow(() -> xmlError("unknown disk snapshot setting '" + snapshot + "'"));
            }
            String type = d.attr("type");
            if (type != null && !type.equals("file")) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, D,
                        "unsupported disk snapshot type '" + type + "'");
            }
            XmlCursor source = d.child("source");
            String file = source == null ? null : source.attr("file");
            XmlCursor driver = d.child("driver");
            String format = driver == null ? null : driver.attr("type");
            if (location == null && file != null) {
                location = SnapshotLocation.EXTERNAL; // a new file means an external snapshot, as libvirt
            }
            disks.add(new SnapshotDisk(name, location, file, format));
        }
        return disks;
    }

    /** libvirt's layout: name, description, state, parent, creationTime, memory, disks, then the kept domain. */
    public static String format(SnapshotDefinition def, boolean secure) {
        XmlWriter w = new XmlWriter();
        w.open("domainsnapshot");
        w.text("name", def.name());
        w.text("description", def.description());
        if (def.state() != null) {
            w.text("state", def.state().xmlName());
        }
        if (def.parent() != null) {
            w.open("parent");
            w.text("name", def.parent());
            w.close("parent");
        }
        if (def.creationTime() != null) {
            w.text("creationTime", Long.toString(def.creationTime()));
        }
        if (def.memory() != null) {
            w.empty("memory", "snapshot", def.memory().snapshot().xmlName(), "file", def.memory().file());
        }
        if (!def.disks().isEmpty()) {
            w.open("disks");
            for (SnapshotDisk d : def.disks()) {
                String location = d.snapshot() == null ? null : d.snapshot().xmlName();
                boolean external = d.snapshot() == SnapshotLocation.EXTERNAL;
                if (!external || d.sourceFile() == null && d.driverType() == null) {
                    w.empty("disk", "name", d.name(), "snapshot", location);
                    continue;
                }
                w.open("disk", "name", d.name(), "snapshot", location, "type", "file");
                if (d.driverType() != null) {
                    w.empty("driver", "type", d.driverType());
                }
                if (d.sourceFile() != null) {
                    w.empty("source", "file", d.sourceFile());
                }
                w.close("disk");
            }
            w.close("disks");
        }
        StringBuilder out = new StringBuilder(w.toString());
        if (def.domain() != null) {
            String domain = secure ? DomainXmlCodec.format(def.domain(), XmlFlag.SECURE)
                    : DomainXmlCodec.format(def.domain());
            domain.lines().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        return out.append("</domainsnapshot>\n").toString();
    }

    private static Element childElement(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getNamespaceURI() == null && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, D, detail);
    }
}
