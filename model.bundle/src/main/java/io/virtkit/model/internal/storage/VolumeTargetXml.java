package io.virtkit.model.internal.storage;

import io.virtkit.model.internal.xml.SecureXml;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.storage.VolumeBackingStore;
import io.virtkit.model.storage.VolumeEncryption;
import io.virtkit.model.storage.VolumeFeatures;
import io.virtkit.model.storage.VolumeTarget;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** A volume's {@code <target>} (with its {@code <encryption>}) and {@code <backingStore>}. */
final class VolumeTargetXml {
    private static final List<String> COMMON = Stream.concat(Stream.of("path", "format@type"),
            Stream.concat(StorageValuesXml.PERMISSIONS.stream(), StorageValuesXml.TIMESTAMPS.stream())).toList();
    static final List<String> MODELLED = Stream.concat(Stream.concat(
            COMMON.stream().map(k -> "target/" + k), COMMON.stream().map(k -> "backingStore/" + k)),
            Stream.of("target/encryption@format", "target/encryption@engine", "target/encryption/secret@type",
                    "target/encryption/secret@uuid", "target/encryption/secret@usage",
                    "target/encryption/cipher@name", "target/encryption/cipher@size",
                    "target/encryption/cipher@mode", "target/encryption/cipher@hash",
                    "target/encryption/ivgen@name", "target/encryption/ivgen@hash", "target/compat",
                    "target/nocow", "target/clusterSize@unit", "target/features/lazy_refcounts",
                    "target/features/extended_l2")).toList();

    /**
     * Every format some pool type of libvirt 9.0 takes: the file formats (dir, fs, netfs, gluster, rbd, vstorage
     * pools) and disk pools' partition types. The schema names more (unknown, luks, file system types) that no
     * pool takes: libvirt refuses them for every pool that reads a format, and so does this codec. Which of
     * these a pool takes is its driver's check.
     */
    static final Set<String> FORMATS = Set.of("raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat",
            "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk", "none", "linux", "fat16", "fat32", "linux-swap",
            "linux-lvm", "linux-raid", "extended");

    private VolumeTargetXml() {
    }

    static VolumeBackingStore parseBackingStore(XmlCursor b) {
        String path = b == null ? null : b.childText("path");
        if (path == null) {
            if (b != null) {
                throw StorageErrors.xmlError("missing backing store path");
            }
            return null;
        }
        return new VolumeBackingStore(path, format(b), StorageValuesXml.permissions(b),
                StorageValuesXml.timestamps(b));
    }

    static VolumeTarget parseTarget(XmlCursor t) {
        if (t == null) {
            return VolumeTarget.EMPTY;
        }
        String path = t.childText("path");
        String format = format(t);
        var permissions = StorageValuesXml.permissions(t);
        XmlCursor enc = t.child("encryption");
        VolumeEncryption encryption = enc == null ? null : encryption(enc);
        String compat = t.childText("compat");
        if (compat != null && !compat.matches("[0-9]+\\.[0-9]+")) {
            throw StorageErrors.xmlError("forbidden characters in 'compat' attribute");
        }
        boolean nocow = t.child("nocow") != null;
        Long clusterSize = clusterSize(t);
        VolumeFeatures features = null;
        XmlCursor f = t.child("features");
        if (f != null) {
            for (XmlCursor c : f.children()) {
                if (!c.name().equals("lazy_refcounts") && !c.name().equals("extended_l2")) {
                    throw StorageErrors.unsupported("unsupported feature " + c.name());
                }
            }
            compat = compat == null ? "1.1" : compat; // libvirt: qcow2 features need compat 1.1
            features = new VolumeFeatures(f.child("lazy_refcounts") != null, f.child("extended_l2") != null);
        }
        return new VolumeTarget(path, format, permissions, StorageValuesXml.timestamps(t), encryption, compat, nocow,
                clusterSize, features);
    }

    private static String format(XmlCursor parent) {
        XmlCursor f = parent.child("format");
        String format = f == null ? null : f.attr("type");
        if (format != null && !FORMATS.contains(format)) {
            throw StorageErrors.unsupported("unknown volume format type " + format);
        }
        return format;
    }

    private static Long clusterSize(XmlCursor t) {
        XmlCursor c = t.child("clusterSize");
        if (c == null) {
            return null;
        }
        String text = c.text().strip();
        try {
            if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException(text);
            }
            return StorageValuesXml.scale(Long.parseUnsignedLong(text), c.attr("unit"));
        } catch (NumberFormatException e) {
            throw StorageErrors.xmlError("Invalid value '" + text
                    + "' for element or attribute './target/clusterSize'");
        }
    }

    private static VolumeEncryption encryption(XmlCursor e) {
        String format = e.attr("format");
        if (format == null) {
            throw StorageErrors.xmlError("Missing required attribute 'format' in element 'encryption'");
        }
        if (!List.of("default", "qcow", "luks", "luks2").contains(format)) {
            throw StorageErrors.unsupported("unknown volume encryption format type " + format);
        }
        String engine = StorageErrors.choice(e, "engine", List.of("qemu", "librbd"));
        String uuid = null;
        String usage = null;
        XmlCursor s = e.child("secret");
        if (s != null) {
            String type = s.attr("type");
            if (type == null) {
                throw StorageErrors.xmlError("unknown volume encryption secret type");
            }
            if (!type.equals("passphrase")) {
                throw StorageErrors.unsupported("unknown volume encryption secret type " + type);
            }
            uuid = s.attr("uuid");
            usage = s.attr("usage");
            if (uuid == null && usage == null) {
                throw StorageErrors.xmlError("missing secret uuid or usage attribute");
            }
            if (uuid != null && usage != null) {
                throw StorageErrors.xmlError("either secret uuid or usage expected");
            }
            if (uuid != null) {
                var parsed = SecureXml.parseUuid(uuid);
                if (parsed == null) {
                    throw StorageErrors.xmlError("invalid secret uuid '" + uuid + "'");
                }
                uuid = parsed.toString();
            }
        }
        VolumeEncryption.Cipher cipher = null;
        XmlCursor c = e.child("cipher");
        XmlCursor i = e.child("ivgen");
        if ((c != null || i != null) && !format.equals("luks")) {
            // libvirt reads them for any format but writes them for luks only
            throw StorageErrors.unsupported("element 'volume/target/encryption/" + (c != null ? "cipher" : "ivgen")
                    + "' is supported for encryption format 'luks' only, not '" + format + "'");
        }
        if (c != null) {
            String name = c.attr("name");
            if (name == null) {
                throw StorageErrors.xmlError("cipher element missing name attribute");
            }
            Long size = StorageErrors.unsigned(c, "size", false, 0xFFFFFFFFL);
            if (size == null) {
                throw StorageErrors.xmlError("Missing required attribute 'size' in element 'cipher'");
            }
            cipher = new VolumeEncryption.Cipher(name, size, c.attr("mode"), c.attr("hash"));
        }
        VolumeEncryption.Ivgen ivgen = null;
        if (i != null) {
            if (i.attr("name") == null) {
                throw StorageErrors.xmlError("missing ivgen name");
            }
            ivgen = new VolumeEncryption.Ivgen(i.attr("name"), i.attr("hash"));
        }
        return new VolumeEncryption(format, engine, uuid, usage, cipher, ivgen);
    }

    static void writeTarget(XmlWriter w, VolumeTarget t) {
        w.open("target");
        w.text("path", t.path());
        if (t.format() != null) {
            w.empty("format", "type", t.format());
        }
        StorageValuesXml.writePermissions(w, t.permissions());
        StorageValuesXml.writeTimestamps(w, t.timestamps());
        if (t.encryption() != null) {
            writeEncryption(w, t.encryption());
        }
        w.text("compat", t.compat());
        if (t.nocow()) {
            w.empty("nocow");
        }
        if (t.clusterSize() != null) {
            w.text("clusterSize", Long.toString(t.clusterSize()), "unit", "B");
        }
        VolumeFeatures f = t.features();
        if (f != null && !f.lazyRefcounts() && !f.extendedL2()) {
            w.empty("features");
        } else if (f != null) {
            w.open("features");
            if (f.lazyRefcounts()) {
                w.empty("lazy_refcounts");
            }
            if (f.extendedL2()) {
                w.empty("extended_l2");
            }
            w.close("features");
        }
        w.close("target");
    }

    private static void writeEncryption(XmlWriter w, VolumeEncryption e) {
        w.open("encryption", "format", e.format(), "engine", e.engine());
        if (e.secretUuid() != null || e.secretUsage() != null) {
            w.empty("secret", "type", "passphrase", "uuid", e.secretUuid(), "usage", e.secretUsage());
        }
        if (e.cipher() != null) {
            w.empty("cipher", "name", e.cipher().name(), "size", Long.toString(e.cipher().size()), "mode",
                    e.cipher().mode(), "hash", e.cipher().hash());
        }
        if (e.ivgen() != null) {
            w.empty("ivgen", "name", e.ivgen().name(), "hash", e.ivgen().hash());
        }
        w.close("encryption");
    }

    static void writeBackingStore(XmlWriter w, VolumeBackingStore b) {
        if (b == null) {
            return;
        }
        w.open("backingStore");
        w.text("path", b.path());
        if (b.format() != null) {
            w.empty("format", "type", b.format());
        }
        StorageValuesXml.writePermissions(w, b.permissions());
        StorageValuesXml.writeTimestamps(w, b.timestamps());
        w.close("backingStore");
    }
}
