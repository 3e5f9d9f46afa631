package io.virtkit.model.internal.storage;

import io.virtkit.model.internal.xml.SecureXml;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.storage.PoolDevice;
import io.virtkit.model.storage.PoolHost;
import io.virtkit.model.storage.PoolSource;
import io.virtkit.model.storage.SourceAuth;
import io.virtkit.model.storage.StorageExtent;
import io.virtkit.model.storage.StoragePoolType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A pool's {@code <source>}: hosts, devices (with free extents), dir, adapter ({@link AdapterXml}), name,
 * initiator, format, auth, protocol, vendor and product, read in libvirt's order (so the first error is
 * libvirt's) and written in its order, each part only for the types that have it.
 */
final class PoolSourceXml {
    static final List<String> MODELLED = Stream.concat(Stream.of("source/host@name", "source/host@port",
            "source/device@path", "source/device@part_separator", "source/device/freeExtent@start",
            "source/device/freeExtent@end", "source/dir@path", "source/name", "source/initiator/iqn@name",
            "source/format@type", "source/auth@type", "source/auth@username", "source/auth/secret@uuid",
            "source/auth/secret@usage", "source/protocol@ver", "source/vendor@name", "source/product@name"),
            AdapterXml.MODELLED.stream().map(k -> "source/" + k)).toList();

    /**
     * The children libvirt's schema allows in each type's source. libvirt reads the others and ignores them;
     * they are refused here, so nothing is dropped without a word.
     */
    private static final java.util.Map<StoragePoolType, java.util.Set<String>> ALLOWED = allowed();

    private PoolSourceXml() {
    }

    private static java.util.Map<StoragePoolType, java.util.Set<String>> allowed() {
        java.util.Map<StoragePoolType, java.util.Set<String>> m = new java.util.EnumMap<>(StoragePoolType.class);
        m.put(StoragePoolType.DIR, java.util.Set.of("vendor", "product"));
        m.put(StoragePoolType.FS, java.util.Set.of("device", "format", "vendor", "product"));
        m.put(StoragePoolType.NETFS, java.util.Set.of("host", "dir", "format", "protocol", "vendor", "product"));
        m.put(StoragePoolType.LOGICAL, java.util.Set.of("name", "device", "format", "vendor", "product"));
        m.put(StoragePoolType.DISK, java.util.Set.of("device", "format", "vendor", "product"));
        m.put(StoragePoolType.ISCSI, java.util.Set.of("host", "device", "initiator", "auth", "vendor", "product"));
        m.put(StoragePoolType.ISCSI_DIRECT, java.util.Set.of("host", "device", "initiator", "auth"));
        m.put(StoragePoolType.SCSI, java.util.Set.of("adapter", "vendor", "product"));
        m.put(StoragePoolType.MPATH, java.util.Set.of());
        m.put(StoragePoolType.RBD, java.util.Set.of("name", "host", "auth"));
        m.put(StoragePoolType.SHEEPDOG, java.util.Set.of("host", "name"));
        m.put(StoragePoolType.GLUSTER, java.util.Set.of("host", "name", "dir"));
        m.put(StoragePoolType.ZFS, java.util.Set.of("name", "device"));
        m.put(StoragePoolType.VSTORAGE, java.util.Set.of("name"));
        return java.util.Map.copyOf(m);
    }

    private static void refuseOthers(XmlCursor s, StoragePoolType type) {
        for (XmlCursor c : s.children()) {
            if (!ALLOWED.get(type).contains(c.name())) {
                throw StorageErrors.unsupported("element 'pool/source/" + c.name() + "' is not supported in a pool"
                        + " of type '" + type.xmlName() + "'");
            }
        }
    }

    /** The source of a pool of {@code type}; {@code s} null for a pool without {@code <source>}. */
    static PoolSource parse(XmlCursor s, StoragePoolType type) {
        if (s == null) {
            return new PoolSource(List.of(), List.of(), null, null, null, null, defaultFormat(type), null, null,
                    null, null);
        }
        refuseOthers(s, type);
        String name = s.childText("name");
        if (type == StoragePoolType.RBD && name == null) {
            throw StorageErrors.xmlError("element 'name' is mandatory for RBD pool");
        }
        String format = format(s, type);
        List<PoolHost> hosts = new ArrayList<>();
        for (XmlCursor h : s.children("host")) {
            String hostName = h.attr("name");
            if (hostName == null) {
                throw StorageErrors.xmlError("missing storage pool host name");
            }
            hosts.add(new PoolHost(hostName, port(h)));
        }
        XmlCursor initiator = s.child("initiator");
        XmlCursor iqn = initiator == null ? null : initiator.child("iqn");
        List<PoolDevice> devices = new ArrayList<>();
        for (XmlCursor d : s.children("device")) {
            String path = d.attr("path");
            if (path == null) {
                throw StorageErrors.xmlError("missing storage pool source device path");
            }
            List<StorageExtent> extents = new ArrayList<>();
            for (XmlCursor x : d.children("freeExtent")) {
                extents.add(extent(x));
            }
            devices.add(new PoolDevice(path, StorageErrors.yesNo(d, "part_separator"), extents));
        }
        XmlCursor dirEl = s.child("dir");
        String dir = dirEl == null ? null : dirEl.attr("path");
        if (dir == null && type == StoragePoolType.GLUSTER) {
            dir = "/"; // libvirt: a gluster pool without a dir is the volume's root
        }
        XmlCursor adapter = s.child("adapter");
        SourceAuth auth = auth(s.child("auth"));
        XmlCursor protocol = s.child("protocol");
        String protocolVersion = protocol == null ? null : protocol.attr("ver");
        if (protocolVersion != null) {
            if (format != null && !format.equals("nfs") && !format.equals("auto") || type != StoragePoolType.NETFS) {
                throw StorageErrors.unsupported("storage pool protocol ver unsupported for pool type '"
                        + (format == null ? type.xmlName() : format) + "'");
            }
            if (protocolVersion.contains(",")) {
                throw new io.virtkit.api.VirtException(io.virtkit.api.ErrorCode.XML_DETAIL, StorageErrors.D,
                        "storage pool protocol ver '" + protocolVersion + "' must not contain ','");
            }
        }
        return new PoolSource(hosts, devices, dir, adapter == null ? null : AdapterXml.parse(adapter), name,
                iqn == null ? null : iqn.attr("name"), format, auth, protocolVersion, attrOf(s, "vendor"),
                attrOf(s, "product"));
    }

    private static String attrOf(XmlCursor s, String element) {
        XmlCursor e = s.child(element);
        return e == null ? null : e.attr("name");
    }

    static String defaultFormat(StoragePoolType type) {
        List<String> formats = type.sourceFormats();
        return formats.isEmpty() ? null : formats.get(0);
    }

    private static String format(XmlCursor s, StoragePoolType type) {
        XmlCursor f = s.child("format");
        String value = f == null ? null : f.attr("type");
        if (value == null) {
            return defaultFormat(type);
        }
        if (!type.sourceFormats().contains(value)) {
            throw StorageErrors.unsupported("unknown pool format type " + value);
        }
        return value;
    }

    private static Integer port(XmlCursor h) {
        String value = h.attr("port");
        if (value == null) {
            return null;
        }
        try {
            int port = Integer.parseInt(value.strip());
            return port == 0 ? null : port; // libvirt's 0 is no port, and is not written
        } catch (NumberFormatException e) {
            throw StorageErrors.invalidAttribute(h, "port", value, "integer");
        }
    }

    static StorageExtent extent(XmlCursor x) {
        Long start = StorageErrors.unsigned(x, "start", false, -1L);
        Long end = StorageErrors.unsigned(x, "end", false, -1L);
        if (start == null || end == null) {
            throw StorageErrors.xmlError("missing extent start or end in element '" + x.name() + "'");
        }
        return new StorageExtent(start, end);
    }

    private static SourceAuth auth(XmlCursor a) {
        if (a == null) {
            return null;
        }
        String username = a.attr("username");
        if (username == null) {
            throw StorageErrors.xmlError("missing username for auth");
        }
        String type = a.attr("type");
        if (type != null && !type.equals("chap") && !type.equals("ceph")) {
            throw StorageErrors.unsupported("unknown auth type '" + type + "'");
        }
        XmlCursor secret = a.child("secret");
        if (secret == null) {
            throw StorageErrors.xmlError("Missing <secret> element in auth");
        }
        String uuid = secret.attr("uuid");
        String usage = secret.attr("usage");
        if (uuid != null && usage != null) {
            throw StorageErrors.xmlError("either secret uuid or usage expected");
        }
        if (uuid == null && usage == null) {
            throw StorageErrors.xmlError("missing secret uuid or usage attribute");
        }
        if (uuid != null && SecureXml.parseUuid(uuid) == null) {
            throw StorageErrors.xmlError("invalid secret uuid '" + uuid + "'");
        }
        if (type == null) {
            throw StorageErrors.unsupported("storage pool missing auth type");
        }
        return new SourceAuth(type, username, uuid == null ? null : SecureXml.parseUuid(uuid).toString(), usage);
    }

    static void write(XmlWriter w, PoolSource s, StoragePoolType type, boolean inactive) {
        w.open("source");
        for (PoolHost h : s.hosts()) {
            w.empty("host", "name", h.name(), "port", h.port() == null ? null : h.port().toString());
        }
        for (PoolDevice d : s.devices()) {
            String sep = StorageErrors.yesNo(d.partSeparator());
            if (d.freeExtents().isEmpty() || inactive) {
                w.empty("device", "path", d.path(), "part_separator", sep);
            } else {
                w.open("device", "path", d.path(), "part_separator", sep);
                for (StorageExtent x : d.freeExtents()) {
                    w.empty("freeExtent", "start", Long.toUnsignedString(x.start()), "end",
                            Long.toUnsignedString(x.end()));
                }
                w.close("device");
            }
        }
        if (s.dir() != null) {
            w.empty("dir", "path", s.dir());
        }
        if (s.adapter() != null) {
            AdapterXml.write(w, s.adapter());
        }
        w.text("name", s.name());
        if (s.initiatorIqn() != null) {
            w.open("initiator");
            w.empty("iqn", "name", s.initiatorIqn());
            w.close("initiator");
        }
        if (!type.sourceFormats().isEmpty()) {
            w.empty("format", "type", s.format() == null ? defaultFormat(type) : s.format());
        }
        SourceAuth a = s.auth();
        if (a != null) {
            w.open("auth", "type", a.type(), "username", a.username());
            w.empty("secret", "uuid", a.secretUuid(), "usage", a.secretUuid() == null ? a.secretUsage() : null);
            w.close("auth");
        }
        if (s.protocolVersion() != null) {
            w.empty("protocol", "ver", s.protocolVersion());
        }
        if (s.vendor() != null) {
            w.empty("vendor", "name", s.vendor());
        }
        if (s.product() != null) {
            w.empty("product", "name", s.product());
        }
        w.close("source");
    }
}
