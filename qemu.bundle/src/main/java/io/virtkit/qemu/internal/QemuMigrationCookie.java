package io.virtkit.qemu.internal;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The QEMU driver's migration cookie, as libvirt's {@code qemu_migration_cookie.c} keeps one: a small XML document
 * passed between the steps, opaque to callers and the wire. Each side writes its own host's name and UUID (the
 * receiver refuses its own UUID: a migration to the same host) and the domain's name and UUID; the source adds the
 * domain XML for the destination and, for PERSIST_DEST, the persistent definition.
 *
 * <pre>{@code
 * <virtkit-migration>
 *   <name>tiny</name><uuid>…</uuid>
 *   <hostname>a</hostname><hostuuid>…</hostuuid>
 *   <domain-xml>…escaped domain XML…</domain-xml>
 *   <persistent-xml>…</persistent-xml>
 * </virtkit-migration>
 * }</pre>
 *
 * @param name          the domain's name
 * @param uuid          the domain's UUID
 * @param hostname      the writer's host name
 * @param hostUuid      the writer's host UUID
 * @param domainXml     the XML to run on the destination, or null
 * @param persistentXml the definition the destination keeps with PERSIST_DEST, or null
 */
record QemuMigrationCookie(String name, UUID uuid, String hostname, UUID hostUuid, String domainXml,
        String persistentXml) {

    private static final String ROOT = "virtkit-migration";

    byte[] toBytes() {
        try {
            Document doc = builder().newDocument();
            Element root = doc.createElement(ROOT);
            doc.appendChild(root);
            add(doc, root, "name", name);
            add(doc, root, "uuid", uuid.toString());
            add(doc, root, "hostname", hostname);
            add(doc, root, "hostuuid", hostUuid.toString());
            add(doc, root, "domain-xml", domainXml);
            add(doc, root, "persistent-xml", persistentXml);
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                    "cannot write the migration cookie: " + e.getMessage(), e);
        }
    }

    /**
     * The cookie in {@code bytes}, checked as libvirt checks one: INTERNAL_ERROR for a missing or malformed part
     * ("missing hostuuid element in migration data"), and "Attempt to migrate guest to the same host …" when the
     * writer's host UUID is {@code localHost}'s (null: no such check, for a step that may get its own host's
     * cookie back).
     */
    static QemuMigrationCookie parse(byte[] bytes, UUID localHost) {
        if (bytes == null || bytes.length == 0) {
            throw error("missing migration cookie");
        }
        Element root;
        try {
            root = builder().parse(new ByteArrayInputStream(bytes)).getDocumentElement();
        } catch (Exception e) {
            throw error("cannot parse migration cookie: " + e.getMessage());
        }
        if (!ROOT.equals(root.getTagName())) {
            throw error("unexpected migration cookie root element '" + root.getTagName() + "'");
        }
        String name = required(root, "name");
        UUID uuid = uuid(root, "uuid");
        String hostname = required(root, "hostname");
        UUID hostUuid = uuid(root, "hostuuid");
        if (localHost != null && hostUuid.equals(localHost)) {
            throw error("Attempt to migrate guest to the same host " + hostUuid);
        }
        return new QemuMigrationCookie(name, uuid, hostname, hostUuid, text(root, "domain-xml"),
                text(root, "persistent-xml"));
    }

    /** The reply of the other side: the same domain, this host, no XML. */
    static QemuMigrationCookie reply(String name, UUID uuid, String hostname, UUID hostUuid) {
        return new QemuMigrationCookie(name, uuid, hostname, hostUuid, null, null);
    }

    private static DocumentBuilder builder() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder();
    }

    private static void add(Document doc, Element root, String tag, String value) {
        if (value != null) {
            Element e = doc.createElement(tag);
            e.setTextContent(value);
            root.appendChild(e);
        }
    }

    private static String text(Element root, String tag) {
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent();
            }
        }
        return null;
    }

    private static String required(Element root, String tag) {
        String v = text(root, tag);
        if (v == null || v.isBlank()) {
            throw error("missing " + tag + " element in migration data");
        }
        return v.strip();
    }

    private static UUID uuid(Element root, String tag) {
        String v = required(root, tag);
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw error("malformed " + tag + " element in migration data");
        }
    }

    private static VirtException error(String detail) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU, detail);
    }
}
