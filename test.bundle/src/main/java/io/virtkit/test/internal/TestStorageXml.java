package io.virtkit.test.internal;

import java.io.IOException;
import java.io.StringReader;
import java.util.Locale;
import java.util.UUID;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StorageVolumeType;
import io.virtkit.api.VirtException;

/**
 * The test driver's own small pool and volume XML: the keys it keeps (pool: type, name, uuid, target path;
 * volume: type, name, capacity, allocation, target format), read leniently (other elements are ignored) and
 * written as libvirt's test driver writes them. A stop-gap until model.bundle's full storage codecs
 * ({@code io.virtkit.model.storage}) land: then {@link TestStorage} keeps their records instead and this
 * class goes.
 */
final class TestStorageXml {
    private TestStorageXml() {
    }

    /** The pool types libvirt 9.0 knows ({@code virStoragePoolType}). */
    private static final java.util.Set<String> POOL_TYPES = java.util.Set.of("dir", "fs", "netfs", "logical",
            "disk", "iscsi", "iscsi-direct", "scsi", "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage");

    /** A pool definition; {@code targetPath} has no trailing slash. */
    record Pool(String type, String name, UUID uuid, String targetPath) {
    }

    /** A volume definition; sizes in bytes. */
    record Volume(StorageVolumeType type, String name, long capacity, long allocation, String format) {
    }

    static Pool parsePool(String xml) {
        Element root = parse(xml, "pool");
        String type = root.getAttribute("type");
        if (type.isEmpty()) {
            throw xmlError("storage pool missing type attribute");
        }
        if (!POOL_TYPES.contains(type)) {
            throw xmlError("unknown storage pool type " + type);
        }
        String name = text(root, "name");
        if (name == null || name.isEmpty()) {
            throw xmlError("missing pool source name element");
        }
        if (name.contains("/")) {
            throw xmlError("name " + name + " cannot contain '/'");
        }
        String uuidText = text(root, "uuid");
        UUID uuid;
        try {
            uuid = uuidText == null ? UUID.randomUUID() : UUID.fromString(uuidText);
        } catch (IllegalArgumentException e) {
            throw xmlError("malformed uuid element");
        }
        Element target = child(root, "target");
        String path = target == null ? null : text(target, "path");
        if (path == null || path.isEmpty()) {
            throw xmlError("missing storage pool target path");
        }
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new Pool(type, name, uuid, path);
    }

    static String formatPool(StoragePoolObject p) {
        return "<pool type='" + p.def.type() + "'>\n"
                + "  <name>" + escape(p.name()) + "</name>\n"
                + "  <uuid>" + p.uuid() + "</uuid>\n"
                + "  <capacity unit='bytes'>" + p.capacity() + "</capacity>\n"
                + "  <allocation unit='bytes'>" + p.allocation + "</allocation>\n"
                + "  <available unit='bytes'>" + p.available() + "</available>\n"
                + "  <source>\n  </source>\n"
                + "  <target>\n    <path>" + escape(p.def.targetPath()) + "</path>\n  </target>\n"
                + "</pool>\n";
    }

    static Volume parseVolume(String xml) {
        Element root = parse(xml, "volume");
        String typeName = root.getAttribute("type");
        StorageVolumeType type = StorageVolumeType.FILE;
        if (!typeName.isEmpty()) {
            type = java.util.Arrays.stream(StorageVolumeType.values()).filter(t -> t.label().equals(typeName))
                    .findFirst().orElseThrow(() -> xmlError("unknown volume type '" + typeName + "'"));
        }
        String name = text(root, "name");
        if (name == null || name.isEmpty()) {
            throw xmlError("missing volume name element");
        }
        if (name.contains("/")) {
            throw xmlError("volume name '" + name + "' cannot contain '/'");
        }
        Long capacity = size(child(root, "capacity"));
        if (capacity == null) {
            throw xmlError("missing capacity element");
        }
        Long allocation = size(child(root, "allocation"));
        Element target = child(root, "target");
        Element format = target == null ? null : child(target, "format");
        String formatType = format == null || format.getAttribute("type").isEmpty()
                ? "raw" : format.getAttribute("type");
        return new Volume(type, name, capacity, allocation == null ? capacity : allocation, formatType);
    }

    static String formatVolume(Volume v, String path) {
        return "<volume type='" + v.type().label() + "'>\n"
                + "  <name>" + escape(v.name()) + "</name>\n"
                + "  <key>" + escape(path) + "</key>\n"
                + "  <capacity unit='bytes'>" + v.capacity() + "</capacity>\n"
                + "  <allocation unit='bytes'>" + v.allocation() + "</allocation>\n"
                + "  <target>\n    <path>" + escape(path) + "</path>\n"
                + "    <format type='" + escape(v.format()) + "'/>\n  </target>\n"
                + "</volume>\n";
    }

    /** A size element in its {@code unit} (libvirt's scaled integers: bytes, K/KiB, KB, …, E/EiB, EB). */
    private static Long size(Element e) {
        if (e == null) {
            return null;
        }
        String unit = e.getAttribute("unit");
        long scale = scale(unit.isEmpty() ? "bytes" : unit);
        try {
            return Math.multiplyExact(Long.parseLong(e.getTextContent().trim()), scale);
        } catch (NumberFormatException | ArithmeticException ex) {
            throw xmlError("malformed " + e.getLocalName() + " element");
        }
    }

    private static long scale(String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.equals("b") || u.equals("bytes")) {
            return 1;
        }
        int power = "kmgtpe".indexOf(u.charAt(0)) + 1;
        if (power == 0 || !(u.length() == 1 || u.substring(1).equals("ib") || u.substring(1).equals("b"))) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "unknown suffix '" + unit + "'");
        }
        long base = u.length() == 2 ? 1000 : 1024;
        long scale = 1;
        for (int i = 0; i < power; i++) {
            scale *= base;
        }
        return scale;
    }

    private static Element parse(String xml, String rootName) {
        if (xml == null) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "xml must not be null");
        }
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            var builder = f.newDocumentBuilder();
            builder.setErrorHandler(null);
            root = builder.parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML, "(" + rootName + "_definition):"
                    + " " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.XML, "no XML parser: " + e.getMessage(), e);
        }
        if (!rootName.equals(root.getLocalName())) {
            throw xmlError("unexpected root element <" + root.getLocalName() + ">, expecting <" + rootName + ">");
        }
        return root;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }

    private static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.STORAGE, detail);
    }
}
