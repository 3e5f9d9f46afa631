package io.virtkit.shell.internal;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.apache.karaf.shell.support.CommandException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import io.virtkit.api.Domain;
import io.virtkit.api.XmlFlag;

/**
 * The {@code <disk>} elements of a domain's XML as virsh's detach-disk and change-media use them: found by target or
 * source path, handed back to the driver as XML text (virsh passes on the element as the domain reported it, so
 * do we, rather than re-encoding it through the model, which would drop what it does not know).
 */
final class DomainDisks {

    private final List<Element> disks;

    private DomainDisks(List<Element> disks) {
        this.disks = disks;
    }

    /**
     * The disks of the definition a change with these options applies to, as virsh picks it: the persistent one
     * when only --config is given, else the running one (which is the persistent one of an inactive domain).
     */
    static DomainDisks of(Domain domain, boolean configOnly) throws CommandException {
        String xml = Errors.call("failed to get domain XML",
                () -> configOnly ? domain.xml(XmlFlag.INACTIVE) : domain.xml());
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            List<Element> found = new ArrayList<>();
            NodeList devices = document.getDocumentElement().getElementsByTagName("devices");
            for (int i = 0; i < devices.getLength(); i++) {
                for (Node n = devices.item(i).getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e && e.getTagName().equals("disk")) {
                        found.add(e);
                    }
                }
            }
            return new DomainDisks(found);
        } catch (Exception e) {
            throw Errors.of("Failed to parse domain XML: " + e.getMessage());
        }
    }

    /** The targets of the disks, for completion; {@code removableOnly} keeps CD-ROMs and floppies. */
    List<String> targets(boolean removableOnly) {
        return disks.stream().filter(d -> !removableOnly || removable(d)).map(d -> target(d))
                .filter(t -> !t.isEmpty()).sorted().toList();
    }

    /**
     * The disk whose target or source path is {@code path}, virsh's "No disk found whose source path or target is
     * x" when none is; {@code removableOnly} looks at CD-ROMs and floppies only, as change-media does.
     */
    Element find(String path, boolean removableOnly) throws CommandException {
        for (Element d : disks) {
            if (removableOnly && !removable(d)) {
                continue;
            }
            if (path.equals(target(d)) || path.equals(sourcePath(d))) {
                return d;
            }
        }
        throw Errors.of("No disk found whose source path or target is " + path);
    }

    static String target(Element disk) {
        Element t = child(disk, "target");
        return t == null ? "" : t.getAttribute("dev");
    }

    /** The source's file, block device, directory or (network, volume) name; empty when there is no medium. */
    static String sourcePath(Element disk) {
        Element s = child(disk, "source");
        if (s == null) {
            return "";
        }
        for (String attribute : List.of("file", "dev", "dir", "name", "volume")) {
            if (s.hasAttribute(attribute)) {
                return s.getAttribute(attribute);
            }
        }
        return "";
    }

    static boolean removable(Element disk) {
        String device = disk.getAttribute("device");
        return device.equals("cdrom") || device.equals("floppy");
    }

    static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** The element as XML text, without declaration. */
    static String text(Element disk) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(disk), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write a parsed element back", e);
        }
    }
}
