package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DiskEncryption;
import io.virtkit.model.domain.DiskSourceSettings;
import io.virtkit.model.domain.DiskSourceSettings.Cookie;
import io.virtkit.model.domain.DiskSourceSettings.Reservations;
import io.virtkit.model.domain.DiskSourceSettings.Seclabel;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@code <source>} carries beyond where the data lives ({@link DiskSourceSettings}), and an image's
 * {@code <encryption>} wherever it is found: for {@link DiskSourceXml} and {@link DiskXml}.
 */
final class DiskSourceSettingsXml {

    /** The keys of an {@code <encryption>}, relative to its parent. */
    static final List<String> ENCRYPTION = List.of("encryption@format", "encryption@engine",
            "encryption/secret@type", "encryption/secret@uuid", "encryption/secret@usage", "encryption/cipher@name",
            "encryption/cipher@size", "encryption/cipher@mode", "encryption/cipher@hash", "encryption/ivgen@name",
            "encryption/ivgen@hash");

    /** The keys read here, relative to the source's parent. */
    static final List<String> SOURCE = keys();

    private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+\\-.0-9A-Z^_`a-z|~]+");
    private static final Pattern COOKIE_VALUE = Pattern.compile("\"?[!#$%&'()*+\\-./0-9:>=<?@A-Z^_`\\[\\]a-z|~]+\"?");

    private DiskSourceSettingsXml() {
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>(List.of("@fdgroup", "@managed", "@namespace", "/address@domain",
                "/address@bus", "/address@slot", "/address@function", "/address@multifunction", "/snapshot@name",
                "/config@file", "/initiator/iqn@name", "/ssl@verify", "/cookies/cookie", "/cookies/cookie@name",
                "/readahead@size", "/timeout@seconds", "/identity@user", "/identity@group", "/reconnect@enabled",
                "/reconnect@timeout", "/slices/slice@type", "/slices/slice@offset", "/slices/slice@size",
                "/seclabel@model", "/seclabel@relabel", "/seclabel@labelskip", "/seclabel/label",
                "/reservations@managed", "/reservations/source@type", "/reservations/source@path",
                "/reservations/source@mode", "/reservations/source/reconnect@enabled",
                "/reservations/source/reconnect@timeout"));
        keys.replaceAll(k -> "source" + k);
        ENCRYPTION.forEach(k -> keys.add("source/" + k));
        return List.copyOf(keys);
    }

    /** The settings of source {@code s} of storage type {@code type}. */
    static DiskSourceSettings parse(XmlCursor s, String type, boolean live) {
        DiskSourceSettings.Builder b = DiskSourceSettings.builder();
        if (type.equals("file")) {
            b.fdgroup(s.attr("fdgroup"));
        }
        if (type.equals("nvme")) {
            nvme(s, b);
        }
        XmlCursor snapshot = s.child("snapshot");
        b.snapshot(snapshot == null ? null : required(snapshot, "name"));
        XmlCursor config = s.child("config");
        b.configFile(config == null ? null : required(config, "file"));
        XmlCursor initiator = s.child("initiator");
        XmlCursor iqn = initiator == null ? null : initiator.child("iqn");
        b.initiatorIqn(iqn == null ? null : required(iqn, "name"));
        XmlCursor ssl = s.child("ssl");
        b.sslVerify(ssl == null ? null : DomainErrors.yesNo(required(ssl, "verify"), "verify", "ssl"));
        b.cookies(cookies(s.child("cookies")));
        XmlCursor readahead = s.child("readahead");
        b.readahead(readahead == null ? null : positive(readahead, "size"));
        XmlCursor timeout = s.child("timeout");
        b.timeout(timeout == null ? null : positive(timeout, "seconds"));
        XmlCursor identity = s.child("identity");
        if (identity != null) {
            b.identity(identity.attr("user"), identity.attr("group"));
        }
        b.reconnect(CharDeviceXml.reconnect(s));
        b.slice(slice(s.child("slices")));
        List<Seclabel> labels = new ArrayList<>();
        for (XmlCursor l : s.children("seclabel")) {
            labels.add(seclabel(l, live));
        }
        b.seclabels(labels);
        b.encryption(encryption(s.child("encryption")));
        b.reservations(reservations(s.child("reservations")));
        return b.build();
    }

    private static void nvme(XmlCursor s, DiskSourceSettings.Builder b) {
        String sourceType = s.attr("type");
        if (sourceType == null) {
            throw DomainErrors.xmlError("missing 'type' attribute to disk source");
        }
        if (!sourceType.equals("pci")) {
            throw DomainErrors.unsupported("unsupported source type '" + sourceType + "'");
        }
        String ns = s.attr("namespace");
        if (ns == null) {
            throw DomainErrors.xmlError("missing 'namespace' attribute to disk source");
        }
        long namespace = unsignedLong(s, "namespace");
        if (namespace == 0 || namespace > 0xFFFFFFFFL) {
            throw DomainErrors.xmlError("malformed namespace '" + ns + "'");
        }
        XmlCursor a = s.child("address");
        if (a == null) {
            throw DomainErrors.xmlError("NVMe disk source is missing address");
        }
        b.nvme(DomainErrors.yesNoAttr(s, "managed"), namespace, new DeviceAddress.Pci(
                DeviceInfoXml.number(a, "domain", 0), DeviceInfoXml.number(a, "bus", 0),
                DeviceInfoXml.number(a, "slot", 0), DeviceInfoXml.number(a, "function", 0),
                DomainErrors.onOff(a, "multifunction")));
    }

    private static List<Cookie> cookies(XmlCursor c) {
        if (c == null) {
            return List.of();
        }
        List<Cookie> cookies = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (XmlCursor cookie : c.children("cookie")) {
            String name = cookie.attr("name");
            String value = cookie.text();
            if (name == null || value == null || value.isEmpty()) {
                throw DomainErrors.xmlError("missing cookie name or value");
            }
            if (!COOKIE_NAME.matcher(name).matches()) {
                throw DomainErrors.xmlError("cookie name '" + name + "' contains invalid characters");
            }
            if (!COOKIE_VALUE.matcher(value).matches()) {
                throw DomainErrors.xmlError("value of cookie '" + name + "' contains invalid characters");
            }
            if (!names.add(name)) {
                throw DomainErrors.xmlError("duplicate cookie '" + name + "'");
            }
            cookies.add(new Cookie(name, value));
        }
        return cookies;
    }

    private static DiskSourceSettings.Slice slice(XmlCursor slices) {
        XmlCursor s = slices == null ? null : slices.child("slice");
        if (s == null) {
            return null;
        }
        String type = s.attr("type");
        if (!"storage".equals(type)) {
            throw DomainErrors.xmlError("unknown slice type '" + (type == null ? "" : type) + "'");
        }
        if (!s.has("offset") || !s.has("size")) {
            throw DomainErrors.xmlError("missing offset or size attribute of slice");
        }
        return new DiskSourceSettings.Slice(unsignedLong(s, "offset"), positive(s, "size"));
    }

    private static Seclabel seclabel(XmlCursor l, boolean live) {
        Boolean relabel = DomainErrors.yesNoAttr(l, "relabel");
        // libvirt reads labelskip only from a running domain's XML: it is its own note, not a user's setting
        Boolean labelskip = live ? DomainErrors.yesNoAttr(l, "labelskip") : null;
        List<XmlCursor> labels = l.children("label");
        String label = labels.isEmpty() ? null : labels.get(0).text();
        if (label != null && Boolean.FALSE.equals(relabel)) {
            throw DomainErrors.xmlError("Cannot specify a label if relabelling is turned off. model="
                    + (l.attr("model") == null ? "(null)" : l.attr("model")));
        }
        return new Seclabel(l.attr("model"), relabel, labelskip, label);
    }

    private static Reservations reservations(XmlCursor r) {
        if (r == null) {
            return null;
        }
        Boolean managed = DomainErrors.yesNoAttr(r, "managed");
        XmlCursor source = r.child("source");
        if (source == null) {
            if (Boolean.FALSE.equals(managed)) {
                throw DomainErrors.xmlError("missing connection type for <reservations/>");
            }
            return new Reservations(managed, null, null, null);
        }
        String type = source.attr("type");
        if (!"unix".equals(type)) {
            throw DomainErrors.xmlError("unsupported connection type for <reservations/>: "
                    + (type == null ? "" : type));
        }
        String mode = source.attr("mode");
        if (mode != null && !mode.equals("server") && !mode.equals("client")) {
            throw DomainErrors.xmlError("unsupported connection mode for <reservations/>: " + mode);
        }
        return new Reservations(managed, source.attr("path"), mode, CharDeviceXml.reconnect(source));
    }

    /** The {@code <encryption>} {@code e}, {@code null} without one. */
    static DiskEncryption encryption(XmlCursor e) {
        if (e == null) {
            return null;
        }
        String format = e.attr("format");
        if (format == null) {
            throw DomainErrors.xmlError("missing volume encryption format");
        }
        if (!DiskEncryption.FORMATS.contains(format)) {
            throw DomainErrors.xmlError("unknown volume encryption format type " + format);
        }
        String engine = e.attr("engine");
        if (engine != null && !DiskEncryption.ENGINES.contains(engine)) {
            throw DomainErrors.xmlError("unknown volume encryption engine type " + engine);
        }
        XmlCursor secret = e.child("secret");
        String secretType = null;
        if (secret != null) {
            secretType = secret.attr("type");
            if (secretType == null) {
                throw DomainErrors.xmlError("missing volume encryption secret type");
            }
            if (!secretType.equals("passphrase")) {
                throw DomainErrors.xmlError("unknown volume encryption secret type " + secretType);
            }
            if (secret.attr("uuid") == null && secret.attr("usage") == null) {
                throw DomainErrors.xmlError("either secret uuid or usage expected");
            }
        }
        XmlCursor c = e.child("cipher");
        DiskEncryption.Cipher cipher = null;
        if (c != null) {
            if (c.attr("name") == null) {
                throw DomainErrors.xmlError("cipher info missing 'name' attribute");
            }
            if (c.attr("size") == null) {
                throw DomainErrors.xmlError("cipher info missing 'size' attribute");
            }
            cipher = new DiskEncryption.Cipher(c.attr("name"), unsignedLong(c, "size"), c.attr("mode"),
                    c.attr("hash"));
        }
        XmlCursor i = e.child("ivgen");
        DiskEncryption.Ivgen ivgen = null;
        if (i != null) {
            if (i.attr("name") == null) {
                throw DomainErrors.xmlError("missing ivgen info name string");
            }
            ivgen = new DiskEncryption.Ivgen(i.attr("name"), i.attr("hash"));
        }
        return new DiskEncryption(format, engine, secretType, secret == null ? null : secret.attr("uuid"),
                secret == null ? null : secret.attr("usage"), cipher, ivgen);
    }

    /** Adds the attributes this source carries beyond the common ones. */
    static void addAttributes(List<String> attrs, String type, DiskSourceSettings s) {
        if (type.equals("file") && s.fdgroup() != null) {
            attrs.add("fdgroup");
            attrs.add(s.fdgroup());
        }
        if (type.equals("nvme")) {
            attrs.add(0, "pci");
            attrs.add(0, "type");
            if (s.nvmeManaged() != null) {
                attrs.add("managed");
                attrs.add(DomainErrors.yesNo(s.nvmeManaged()));
            }
            if (s.nvmeNamespace() != null) {
                attrs.add("namespace");
                attrs.add(s.nvmeNamespace().toString());
            }
        }
    }

    /** Whether the settings put any child into {@code <source>}. */
    static boolean hasChildren(DiskSourceSettings s) {
        return s.nvmeAddress() != null || s.snapshot() != null || s.configFile() != null || s.initiatorIqn() != null
                || s.sslVerify() != null || !s.cookies().isEmpty() || s.readahead() != null || s.timeout() != null
                || s.identityUser() != null || s.identityGroup() != null || s.reconnect() != null
                || s.slice() != null || !s.seclabels().isEmpty() || s.encryption() != null
                || s.reservations() != null;
    }

    /** Writes the children that come before the credentials: per-type ones, the slice, the labels. */
    static void writeHead(XmlWriter w, DiskSourceSettings s) {
        if (s.nvmeAddress() != null) {
            DeviceAddress.Pci p = s.nvmeAddress();
            w.empty("address", "domain", String.format("0x%04x", p.domain()), "bus", String.format("0x%02x", p.bus()),
                    "slot", String.format("0x%02x", p.slot()), "function", "0x" + Integer.toHexString(p.function()),
                    "multifunction", DomainErrors.onOff(p.multifunction()));
        }
        if (s.snapshot() != null) {
            w.empty("snapshot", "name", s.snapshot());
        }
        if (s.configFile() != null) {
            w.empty("config", "file", s.configFile());
        }
        writeInitiator(w, s.initiatorIqn());
        if (s.sslVerify() != null) {
            w.empty("ssl", "verify", DomainErrors.yesNo(s.sslVerify()));
        }
        if (!s.cookies().isEmpty()) {
            w.open("cookies");
            for (Cookie c : s.cookies()) {
                w.text("cookie", c.value(), "name", c.name());
            }
            w.close("cookies");
        }
        if (s.readahead() != null) {
            w.empty("readahead", "size", s.readahead().toString());
        }
        if (s.timeout() != null) {
            w.empty("timeout", "seconds", s.timeout().toString());
        }
        if (s.identityUser() != null || s.identityGroup() != null) {
            w.empty("identity", "user", s.identityUser(), "group", s.identityGroup());
        }
        writeReconnect(w, s.reconnect());
        if (s.slice() != null) {
            w.open("slices");
            w.empty("slice", "type", "storage", "offset", Long.toString(s.slice().offset()),
                    "size", Long.toString(s.slice().size()));
            w.close("slices");
        }
        for (Seclabel l : s.seclabels()) {
            String[] attrs = {"model", l.model(), "relabel", DomainErrors.yesNo(l.relabel()),
                "labelskip", DomainErrors.yesNo(l.labelskip())};
            if (l.label() == null) {
                w.empty("seclabel", attrs);
            } else {
                w.open("seclabel", attrs);
                w.text("label", l.label());
                w.close("seclabel");
            }
        }
    }

    /** Writes the children that come after the credentials: encryption and reservations. */
    static void writeTail(XmlWriter w, DiskSourceSettings s) {
        writeEncryption(w, s.encryption());
        Reservations r = s.reservations();
        if (r == null) {
            return;
        }
        if (r.sourcePath() == null && r.sourceMode() == null && r.reconnect() == null) {
            w.empty("reservations", "managed", DomainErrors.yesNo(r.managed()));
            return;
        }
        w.open("reservations", "managed", DomainErrors.yesNo(r.managed()));
        String[] attrs = {"type", "unix", "path", r.sourcePath(), "mode", r.sourceMode()};
        if (r.reconnect() == null) {
            w.empty("source", attrs);
        } else {
            w.open("source", attrs);
            writeReconnect(w, r.reconnect());
            w.close("source");
        }
        w.close("reservations");
    }

    /** Writes an iSCSI {@code <initiator>}; nothing for {@code null}. */
    static void writeInitiator(XmlWriter w, String iqn) {
        if (iqn != null) {
            w.open("initiator");
            w.empty("iqn", "name", iqn);
            w.close("initiator");
        }
    }

    private static void writeReconnect(XmlWriter w, CharDevice.Reconnect r) {
        if (r != null) {
            w.empty("reconnect", "enabled", r.enabled() ? "yes" : "no", "timeout",
                    r.timeout() == null ? null : r.timeout().toString());
        }
    }

    /** Writes an {@code <encryption>}, nothing for {@code null}. */
    static void writeEncryption(XmlWriter w, DiskEncryption e) {
        if (e == null) {
            return;
        }
        String[] attrs = {"format", e.format(), "engine", e.engine()};
        if (e.secretType() == null && e.cipher() == null && e.ivgen() == null) {
            w.empty("encryption", attrs);
            return;
        }
        w.open("encryption", attrs);
        if (e.secretType() != null) {
            w.empty("secret", "type", e.secretType(), "uuid", e.secretUuid(), "usage", e.secretUsage());
        }
        if (e.cipher() != null) {
            w.empty("cipher", "name", e.cipher().name(), "size", Long.toString(e.cipher().size()),
                    "mode", e.cipher().mode(), "hash", e.cipher().hash());
        }
        if (e.ivgen() != null) {
            w.empty("ivgen", "name", e.ivgen().name(), "hash", e.ivgen().hash());
        }
        w.close("encryption");
    }

    private static String required(XmlCursor e, String attribute) {
        String value = e.attr(attribute);
        if (value == null) {
            throw DomainErrors.xmlError("Missing required attribute '" + attribute + "' in element '" + e.name()
                    + "'");
        }
        return value;
    }

    private static long positive(XmlCursor e, String attribute) {
        long n = unsignedLong(e, attribute);
        if (n == 0) {
            throw DomainErrors.xmlError("Invalid value for attribute '" + attribute + "' in element '" + e.name()
                    + "': '0'. Expected non-zero value");
        }
        return n;
    }

    static long unsignedLong(XmlCursor e, String attribute) {
        String value = required(e, attribute);
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw DomainErrors.xmlError("Invalid value for attribute '" + attribute + "' in element '" + e.name()
                + "': '" + value + "'. Expected non-negative integer value");
    }
}
