package io.virtkit.model.internal.storage;

import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.storage.StorageExtent;
import io.virtkit.model.storage.StorageVolumeDefinition;
import io.virtkit.model.storage.VolumeBackingStore;
import io.virtkit.model.storage.VolumeSourceDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code <volume>} element: type, name, key, source extents and sizes here, target and backing store in
 * {@link VolumeTargetXml}. Read in libvirt's order, written in its order.
 */
public final class StorageVolumeXml {
    static final List<String> MODELLED = Stream.concat(Stream.of("@type", "name", "key", "source/device@path",
            "source/device/extent@start", "source/device/extent@end", "capacity@unit", "allocation@unit",
            "physical@unit"), VolumeTargetXml.MODELLED.stream()).toList();
    private static final String DOC_URL = "(storage_volume_definition)";

    private StorageVolumeXml() {
    }

    /** {@code requireCapacity} false: a missing capacity is 0 (libvirt's cloning and backing-store cases). */
    public static StorageVolumeDefinition parse(String xml, boolean requireCapacity) {
        return StorageDocument.parse(xml, "volume", DOC_URL, StorageKeys.VOLUME, root -> parse(root, requireCapacity));
    }

    private static StorageVolumeDefinition parse(XmlCursor root, boolean requireCapacity) {
        String name = root.childText("name");
        if (name == null) {
            throw StorageErrors.xmlError("missing volume name element");
        }
        String key = root.childText("key");
        StorageVolumeDefinition.Type type = StorageVolumeDefinition.Type.FILE;
        String typeName = root.attr("type");
        if (typeName != null) {
            type = Stream.of(StorageVolumeDefinition.Type.values()).filter(t -> t.xmlName().equals(typeName))
                    .findFirst().orElseThrow(() -> StorageErrors.unsupported("unknown volume type '" + typeName
                            + "'"));
        }
        VolumeBackingStore backingStore = VolumeTargetXml.parseBackingStore(root.child("backingStore"));
        Long capacity = StorageValuesXml.size(root, "capacity");
        if (capacity == null && requireCapacity) {
            throw StorageErrors.xmlError("missing capacity element");
        }
        long cap = capacity == null ? 0 : capacity;
        Long allocation = StorageValuesXml.size(root, "allocation");
        Long physical = StorageValuesXml.size(root, "physical");
        var target = VolumeTargetXml.parseTarget(root.child("target"));
        List<VolumeSourceDevice> source = new ArrayList<>();
        XmlCursor s = root.child("source");
        if (s != null) {
            for (XmlCursor d : s.children("device")) {
                String path = d.attr("path");
                if (path == null) {
                    throw StorageErrors.xmlError("missing volume source device path");
                }
                List<StorageExtent> extents = new ArrayList<>();
                for (XmlCursor x : d.children("extent")) {
                    extents.add(PoolSourceXml.extent(x));
                }
                source.add(new VolumeSourceDevice(path, extents));
            }
        }
        return new StorageVolumeDefinition(type, name, key, source, cap, allocation == null ? cap : allocation,
                physical, target, backingStore);
    }

    /** The XML of a volume as {@code virsh vol-dumpxml} prints it. */
    public static String format(StorageVolumeDefinition def) {
        XmlWriter w = new XmlWriter();
        w.open("volume", "type", def.type().xmlName());
        w.text("name", def.name());
        w.text("key", def.key());
        if (!def.source().isEmpty()) {
            w.open("source");
            for (VolumeSourceDevice d : def.source()) {
                if (d.extents().isEmpty()) {
                    w.empty("device", "path", d.path());
                    continue;
                }
                w.open("device", "path", d.path());
                for (StorageExtent x : d.extents()) {
                    w.empty("extent", "start", Long.toUnsignedString(x.start()), "end",
                            Long.toUnsignedString(x.end()));
                }
                w.close("device");
            }
            w.close("source");
        }
        w.text("capacity", Long.toString(def.capacity()), "unit", "bytes");
        w.text("allocation", Long.toString(def.allocation()), "unit", "bytes");
        if (def.physical() != null && def.physical() != 0) {
            w.text("physical", Long.toString(def.physical()), "unit", "bytes");
        }
        VolumeTargetXml.writeTarget(w, def.target());
        VolumeTargetXml.writeBackingStore(w, def.backingStore());
        w.close("volume");
        return w.toString();
    }
}
