package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DiskAuth;
import io.virtkit.model.domain.DiskBackingStore;
import io.virtkit.model.domain.DiskHost;
import io.virtkit.model.domain.DiskSource;
import io.virtkit.model.domain.DiskSourceSettings;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A disk's {@code <source>} of every storage type, and its {@code <backingStore>} chain (whose images have
 * sources of their own): for {@link DiskXml}.
 */
final class DiskSourceXml {

    /** How deep a backing chain is read: libvirt's schema nests it without end; real chains are short. */
    static final int MAX_CHAIN = 12;

    /** The keys of a {@code <source>}, relative to its parent. */
    static final List<String> SOURCE = List.of("source@file", "source@dev", "source@dir", "source@protocol",
            "source@name", "source@query", "source@tls", "source@tlsHostname", "source@pool", "source@volume",
            "source@mode", "source@type", "source@path", "source@startupPolicy", "source@index", "source/host@name",
            "source/host@port", "source/host@transport", "source/host@socket", "source/auth@username",
            "source/auth/secret@type", "source/auth/secret@usage", "source/auth/secret@uuid");

    /** Every key of a {@code <source>}, its settings' too. */
    static final List<String> SOURCE_ALL = java.util.stream.Stream.concat(SOURCE.stream(),
            DiskSourceSettingsXml.SOURCE.stream()).toList();

    /** The keys of an image's {@code <format>} beyond its type, relative to its parent. */
    static final List<String> FORMAT_CACHE = List.of("format/metadata_cache/max_size",
            "format/metadata_cache/max_size@unit");

    /** The keys of the backing chain, relative to the disk. */
    static final List<String> CHAIN = chainKeys();

    static final Set<String> PROTOCOLS = Set.of("nbd", "rbd", "sheepdog", "gluster", "iscsi", "http", "https",
            "ftp", "ftps", "tftp", "ssh", "vxhs", "nfs");
    private static final Set<String> TRANSPORTS = Set.of("tcp", "rdma", "unix");
    private static final Set<String> STARTUP_POLICIES = Set.of("mandatory", "requisite", "optional");
    private static final Set<String> VOLUME_MODES = Set.of("host", "direct");
    private static final Set<String> SECRET_TYPES = Set.of("ceph", "iscsi", "vtpm");
    static final Set<String> STORAGE_TYPES = Set.of("file", "block", "dir", "network", "volume", "nvme",
            "vhostuser", "vhostvdpa");

    private DiskSourceXml() {
    }

    private static List<String> chainKeys() {
        return chainKeys("backingStore");
    }

    /** The keys of a backing chain whose first image is {@code first} (a path relative to the parent). */
    static List<String> chainKeys(String first) {
        List<String> keys = new ArrayList<>();
        String prefix = first;
        for (int depth = 0; depth < MAX_CHAIN; depth++) {
            keys.add(prefix + "@type");
            keys.add(prefix + "@index");
            keys.add(prefix + "/format@type");
            for (String k : FORMAT_CACHE) {
                keys.add(prefix + "/" + k);
            }
            for (String k : SOURCE_ALL) {
                keys.add(prefix + "/" + k);
            }
            prefix = prefix + "/backingStore";
        }
        return List.copyOf(keys);
    }

    /** The {@code <source>} in {@code parent} of storage type {@code type}, or {@code null} without one. */
    static DiskSource parse(XmlCursor parent, String type, XmlCursor inheritedAuth, boolean live) {
        XmlCursor s = parent.child("source");
        if (s == null) {
            return null;
        }
        String path = switch (type) {
            case "file" -> s.attr("file");
            case "block", "vhostvdpa" -> s.attr("dev");
            case "dir" -> s.attr("dir");
            case "vhostuser" -> s.attr("path");
            default -> null;
        };
        String protocol = null;
        if (type.equals("network")) {
            protocol = DomainErrors.choice(s, "protocol", PROTOCOLS);
            if (protocol == null) {
                throw DomainErrors.xmlError("missing network source protocol type");
            }
        }
        List<DiskHost> hosts = new ArrayList<>();
        for (XmlCursor h : s.children("host")) {
            hosts.add(new DiskHost(h.attr("name"), h.attr("port"), DomainErrors.choice(h, "transport", TRANSPORTS),
                    h.attr("socket")));
        }
        XmlCursor authEl = s.child("auth") != null ? s.child("auth") : inheritedAuth;
        DiskSourceSettings settings = DiskSourceSettingsXml.parse(s, type, live);
        return new DiskSource(path, protocol, s.attr("name"), s.attr("query"), DomainErrors.yesNoAttr(s, "tls"),
                s.attr("tlsHostname"), s.attr("pool"), s.attr("volume"), DomainErrors.choice(s, "mode", VOLUME_MODES),
                type.equals("vhostuser") ? s.attr("type") : null,
                DomainErrors.choice(s, "startupPolicy", STARTUP_POLICIES), live ? DomainErrors.unsigned(s, "index") : null,
                hosts,
                authEl == null ? null : auth(authEl), settings);
    }

    static DiskAuth auth(XmlCursor a) {
        String username = a.attr("username");
        if (username == null) {
            throw DomainErrors.xmlError("missing username for auth");
        }
        XmlCursor secret = a.child("secret");
        if (secret == null) {
            return new DiskAuth(username, null, null, null);
        }
        return new DiskAuth(username, DomainErrors.choice(secret, "type", SECRET_TYPES), secret.attr("usage"),
                secret.attr("uuid"));
    }

    /** The {@code <backingStore>} in {@code parent}, {@code null} without one; {@code depth} counts from 0. */
    static DiskBackingStore parseBackingStore(XmlCursor parent, boolean live, int depth) {
        XmlCursor b = depth < MAX_CHAIN ? parent.child("backingStore") : null;
        if (b == null) {
            return null;
        }
        String type = b.attr("type");
        if (type == null) {
            return DiskBackingStore.END;
        }
        if (!STORAGE_TYPES.contains(type)) {
            throw DomainErrors.invalidAttribute("type", "backingStore", type);
        }
        XmlCursor format = b.child("format");
        DiskSource source = parse(b, type, null, live);
        if (source == null) {
            throw DomainErrors.xmlError("missing disk backing store source");
        }
        if (format == null || format.attr("type") == null) {
            throw DomainErrors.xmlError("missing disk backing store format");
        }
        return new DiskBackingStore(type, format.attr("type"), source, parseBackingStore(b, live, depth + 1),
                live ? DomainErrors.unsigned(b, "index") : null, metadataCacheMaxSize(format));
    }

    /**
     * The {@code <metadata_cache><max_size>} in bytes in {@code parent} (a disk's driver, an image's format),
     * {@code null} without a size: libvirt keeps nothing of an empty {@code <metadata_cache/>}.
     */
    static Long metadataCacheMaxSize(XmlCursor parent) {
        XmlCursor cache = parent == null ? null : parent.child("metadata_cache");
        XmlCursor max = cache == null ? null : cache.child("max_size");
        if (max == null) {
            return null;
        }
        String text = max.text() == null ? "" : max.text().strip();
        long value;
        try {
            value = Long.parseLong(text);
            if (value < 0) {
                throw new NumberFormatException(text);
            }
        } catch (NumberFormatException e) {
            throw DomainErrors.xmlError("Invalid value '" + text + "' for element or attribute './max_size[1]'");
        }
        long scale = MemoryXml.unitScale(max.has("unit") ? max.attr("unit") : "bytes");
        try {
            return Math.multiplyExact(value, scale);
        } catch (ArithmeticException e) {
            throw DomainErrors.xmlError("value too large: " + text);
        }
    }

    /** Writes {@code <metadata_cache>} with its size in bytes, as libvirt writes it; nothing for {@code null}. */
    static void writeMetadataCache(XmlWriter w, Long maxSize) {
        if (maxSize != null) {
            w.open("metadata_cache");
            w.text("max_size", maxSize.toString(), "unit", "bytes");
            w.close("metadata_cache");
        }
    }

    /** Writes a {@code <source>} of storage type {@code type}. */
    static void write(XmlWriter w, String type, DiskSource s, boolean live) {
        String pathAttr = switch (type) {
            case "file" -> "file";
            case "block", "vhostvdpa" -> "dev";
            case "dir" -> "dir";
            case "vhostuser" -> "path";
            default -> null;
        };
        List<String> attrs = new ArrayList<>();
        if (type.equals("vhostuser")) {
            add(attrs, "type", s.socketType());
        }
        if (pathAttr != null) {
            add(attrs, pathAttr, s.path());
        }
        add(attrs, "protocol", s.protocol());
        add(attrs, "name", s.name());
        add(attrs, "query", s.query());
        add(attrs, "tls", DomainErrors.yesNo(s.tls()));
        add(attrs, "tlsHostname", s.tlsHostname());
        add(attrs, "pool", s.pool());
        add(attrs, "volume", s.volume());
        add(attrs, "mode", s.mode());
        add(attrs, "startupPolicy", s.startupPolicy());
        add(attrs, "index", live ? DomainErrors.text(s.index()) : null);
        DiskSourceSettingsXml.addAttributes(attrs, type, s.settings());
        String[] a = attrs.toArray(String[]::new);
        if (s.hosts().isEmpty() && s.auth() == null && !DiskSourceSettingsXml.hasChildren(s.settings())) {
            w.empty("source", a);
            return;
        }
        w.open("source", a);
        for (DiskHost h : s.hosts()) {
            w.empty("host", "name", h.name(), "port", h.port(), "transport", h.transport(), "socket", h.socket());
        }
        DiskSourceSettingsXml.writeHead(w, s.settings());
        writeAuth(w, s.auth());
        DiskSourceSettingsXml.writeTail(w, s.settings());
        w.close("source");
    }

    /** Writes an {@code <auth>} with its secret; nothing for {@code null}. */
    static void writeAuth(XmlWriter w, DiskAuth auth) {
        if (auth == null) {
            return;
        }
        if (auth.secretType() == null && auth.usage() == null && auth.uuid() == null) {
            w.empty("auth", "username", auth.username());
        } else {
            w.open("auth", "username", auth.username());
            w.empty("secret", "type", auth.secretType(), "usage", auth.usage(), "uuid", auth.uuid());
            w.close("auth");
        }
    }

    private static void add(List<String> attrs, String name, String value) {
        if (value != null) {
            attrs.add(name);
            attrs.add(value);
        }
    }

    /** Writes a backing chain ({@code null}: nothing, the chain below is unknown). */
    static void writeBackingStore(XmlWriter w, DiskBackingStore b, boolean live) {
        if (b == null) {
            return;
        }
        if (b.isEnd()) {
            w.empty("backingStore");
            return;
        }
        w.open("backingStore", "type", b.type(), "index", live ? DomainErrors.text(b.index()) : null);
        if (b.metadataCacheMaxSize() == null) {
            w.empty("format", "type", b.format());
        } else {
            w.open("format", "type", b.format());
            writeMetadataCache(w, b.metadataCacheMaxSize());
            w.close("format");
        }
        write(w, b.type(), b.source(), live);
        writeBackingStore(w, b.backingStore(), live);
        w.close("backingStore");
    }
}
