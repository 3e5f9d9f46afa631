package io.virtkit.model.internal.storage;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.xml.SecureXml;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.storage.PoolSource;
import io.virtkit.model.storage.PoolTarget;
import io.virtkit.model.storage.RbdConfigOption;
import io.virtkit.model.storage.StoragePoolDefinition;
import io.virtkit.model.storage.StoragePoolType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The {@code <pool>} element: name, uuid, sizes, features, target, refresh and the fs and rbd namespaces here,
 * the source in {@link PoolSourceXml}. Read in libvirt's order, so the first error is the one libvirt reports;
 * written in its order.
 */
public final class StoragePoolXml {
    /** The namespace of fs and netfs pools' {@code <fs:mount_opts>}. */
    public static final String FS_NS = "http://libvirt.org/schemas/storagepool/fs/1.0";
    /** The namespace of rbd pools' {@code <rbd:config_opts>}. */
    public static final String RBD_NS = "http://libvirt.org/schemas/storagepool/rbd/1.0";
    private static final String MOUNT_OPTS = "{" + FS_NS + "}mount_opts";
    private static final String FS_OPTION = "{" + FS_NS + "}option";
    private static final String CONFIG_OPTS = "{" + RBD_NS + "}config_opts";
    private static final String RBD_OPTION = "{" + RBD_NS + "}option";

    static final List<String> MODELLED = Stream.concat(Stream.of("@type", "name", "uuid", "capacity@unit",
            "allocation@unit", "available@unit", "features/cow@state", "target/path", "refresh/volume@allocation",
            MOUNT_OPTS + "/" + FS_OPTION + "@name", CONFIG_OPTS + "/" + RBD_OPTION + "@name",
            CONFIG_OPTS + "/" + RBD_OPTION + "@value"), Stream.concat(PoolSourceXml.MODELLED.stream(),
            StorageValuesXml.PERMISSIONS.stream().map(k -> "target/" + k))).toList();

    private static final String DOC_URL = "(storage_pool_definition)";

    private StoragePoolXml() {
    }

    public static StoragePoolDefinition parse(String xml) {
        return StorageDocument.parse(xml, "pool", DOC_URL, StorageKeys.POOL, StoragePoolXml::parse);
    }

    private static StoragePoolDefinition parse(XmlCursor root) {
        String typeName = root.attr("type");
        if (typeName == null) {
            throw StorageErrors.xmlError("Missing required attribute 'type' in element 'pool'");
        }
        StoragePoolType type = StoragePoolType.fromXml(typeName);
        if (type == null) {
            throw StorageErrors.invalidAttribute(root, "type", typeName, null);
        }
        PoolSource source = PoolSourceXml.parse(root.child("source"), type);
        String name = root.childText("name");
        if (name == null && type.hasSourceName()) {
            name = source.name();
        }
        if (name == null) {
            throw StorageErrors.xmlError("missing pool source name element");
        }
        if (name.contains("/")) {
            throw StorageErrors.xmlError("name " + name + " cannot contain '/'");
        }
        UUID uuid = uuid(root.childText("uuid"));
        Boolean cow = cow(root, type);
        source = checkSource(source, type, name);
        PoolTarget target = target(root, type, source);
        if (type == StoragePoolType.ISCSI_DIRECT && source.initiatorIqn() == null) {
            throw StorageErrors.unsupported("missing initiator IQN");
        }
        String refresh = null;
        XmlCursor refreshEl = root.child("refresh");
        XmlCursor volume = refreshEl == null ? null : refreshEl.child("volume");
        if (volume != null && volume.has("allocation")) {
            refresh = volume.attr("allocation");
            if (!refresh.equals("default") && !refresh.equals("capacity")) {
                throw StorageErrors.unsupported("unknown storage pool volume refresh allocation type " + refresh);
            }
        }
        return new StoragePoolDefinition(type, name, uuid, size(root, "capacity"), size(root, "allocation"),
                size(root, "available"), cow, source, target, refresh, mountOptions(root, type),
                rbdConfig(root, type));
    }

    private static long size(XmlCursor root, String element) {
        Long v = StorageValuesXml.size(root, element);
        return v == null ? 0 : v;
    }

    private static UUID uuid(String text) {
        if (text == null) {
            return UUID.randomUUID();
        }
        UUID uuid = SecureXml.parseUuid(text);
        if (uuid == null) {
            throw StorageErrors.xmlError("malformed uuid element");
        }
        return uuid;
    }

    private static Boolean cow(XmlCursor root, StoragePoolType type) {
        XmlCursor features = root.child("features");
        XmlCursor cowEl = features == null ? null : features.child("cow");
        Boolean cow = cowEl == null ? null : StorageErrors.yesNo(cowEl, "state");
        if (cow != null && type != StoragePoolType.FS && type != StoragePoolType.DIR) {
            throw new VirtException(ErrorCode.NO_SUPPORT, StorageErrors.D,
                    "cow feature may only be used for 'fs' and 'dir' pools");
        }
        return cow;
    }

    /** What the type requires of its source, and the source name's default (the pool's name). */
    private static PoolSource checkSource(PoolSource s, StoragePoolType type, String name) {
        if (type.hasSourceHosts() && s.hosts().isEmpty()) {
            throw StorageErrors.xmlError("missing storage pool source host name");
        }
        if (type.hasSourceDir() && s.dir() == null) {
            throw StorageErrors.xmlError("missing storage pool source path");
        }
        if (type == StoragePoolType.SCSI && s.adapter() == null) {
            throw StorageErrors.xmlError("missing storage pool source adapter");
        }
        if ((type == StoragePoolType.FS || type == StoragePoolType.DISK) && s.devices().isEmpty()) {
            throw StorageErrors.xmlError("missing storage pool source device name");
        }
        if (type.hasSourceName() && s.name() == null) {
            return new PoolSource(s.hosts(), s.devices(), s.dir(), s.adapter(), name, s.initiatorIqn(), s.format(),
                    s.auth(), s.protocolVersion(), s.vendor(), s.product());
        }
        return s;
    }

    private static PoolTarget target(XmlCursor root, StoragePoolType type, PoolSource source) {
        XmlCursor t = root.child("target");
        if (type.isNetwork()) {
            if (t != null) {
                throw StorageErrors.unsupported("element 'pool/target' is not supported in a pool of type '"
                        + type.xmlName() + "'");
            }
            return null;
        }
        String path;
        if (type == StoragePoolType.LOGICAL) {
            path = "/dev/" + source.name(); // libvirt: a volume group's target is always its /dev directory
        } else if (type == StoragePoolType.ZFS) {
            path = "/dev/zvol/" + source.name();
        } else {
            path = t == null ? null : t.childText("path");
            if (path == null) {
                throw StorageErrors.xmlError("missing storage pool target path");
            }
        }
        return new PoolTarget(sanitize(path), t == null ? io.virtkit.model.storage.StoragePermissions.NONE
                : StorageValuesXml.permissions(t));
    }

    /** libvirt's path clean-up: repeated slashes become one, a trailing slash goes. */
    static String sanitize(String path) {
        String p = path.replaceAll("/{2,}", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static List<String> mountOptions(XmlCursor root, StoragePoolType type) {
        List<String> options = new ArrayList<>();
        for (XmlCursor opts : root.children(MOUNT_OPTS)) {
            if (type != StoragePoolType.FS && type != StoragePoolType.NETFS) {
                throw StorageErrors.unsupported("mount options are only supported in pools of type 'fs' and"
                        + " 'netfs', not '" + type.xmlName() + "'");
            }
            for (XmlCursor o : opts.children(FS_OPTION)) {
                String name = o.attr("name");
                if (name == null) {
                    throw StorageErrors.xmlError("no fs mount option name specified");
                }
                options.add(name);
            }
        }
        return options;
    }

    private static List<RbdConfigOption> rbdConfig(XmlCursor root, StoragePoolType type) {
        List<RbdConfigOption> options = new ArrayList<>();
        for (XmlCursor opts : root.children(CONFIG_OPTS)) {
            if (type != StoragePoolType.RBD) {
                throw StorageErrors.unsupported("config options are only supported in pools of type 'rbd', not '"
                        + type.xmlName() + "'");
            }
            for (XmlCursor o : opts.children(RBD_OPTION)) {
                String name = o.attr("name");
                if (name == null) {
                    throw StorageErrors.xmlError("no rbd option name specified");
                }
                String value = o.attr("value");
                if (value == null) {
                    throw StorageErrors.xmlError("no rbd option value specified for name '" + name + "'");
                }
                options.add(new RbdConfigOption(name, value));
            }
        }
        return options;
    }

    /**
     * The XML of a pool as {@code virsh pool-dumpxml} prints it; {@code inactive} is the config form: sizes 0
     * (as libvirt's config has them) and no free extents.
     */
    public static String format(StoragePoolDefinition def, boolean inactive) {
        XmlWriter w = new XmlWriter();
        w.open("pool", "type", def.type().xmlName(), "xmlns:fs", def.mountOptions().isEmpty() ? null : FS_NS,
                "xmlns:rbd", def.rbdConfig().isEmpty() ? null : RBD_NS);
        w.text("name", def.name());
        w.text("uuid", def.uuid().toString());
        w.text("capacity", Long.toString(inactive ? 0 : def.capacity()), "unit", "bytes");
        w.text("allocation", Long.toString(inactive ? 0 : def.allocation()), "unit", "bytes");
        w.text("available", Long.toString(inactive ? 0 : def.available()), "unit", "bytes");
        if (def.cow() != null) {
            w.open("features");
            w.empty("cow", "state", StorageErrors.yesNo(def.cow()));
            w.close("features");
        }
        PoolSourceXml.write(w, def.source(), def.type(), inactive);
        if (!def.type().isNetwork()) {
            w.open("target");
            if (def.target() != null) {
                w.text("path", def.target().path());
                StorageValuesXml.writePermissions(w, def.target().permissions());
            }
            w.close("target");
        }
        if (def.refreshAllocation() != null) {
            w.open("refresh");
            w.empty("volume", "allocation", def.refreshAllocation());
            w.close("refresh");
        }
        if (!def.mountOptions().isEmpty()) {
            w.open("fs:mount_opts");
            for (String o : def.mountOptions()) {
                w.empty("fs:option", "name", o);
            }
            w.close("fs:mount_opts");
        }
        if (!def.rbdConfig().isEmpty()) {
            w.open("rbd:config_opts");
            for (RbdConfigOption o : def.rbdConfig()) {
                w.empty("rbd:option", "name", o.name(), "value", o.value());
            }
            w.close("rbd:config_opts");
        }
        w.close("pool");
        return w.toString();
    }
}
