package io.virtkit.model.internal.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DiskGeometry;
import io.virtkit.model.domain.DiskIoTune;
import io.virtkit.model.domain.DiskSource;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code <disk>} of every storage type the schema knows but NVMe: its driver ({@link DiskDriverXml}), source and
 * backing chain ({@link DiskSourceXml}), target, geometry and block sizes, throttling, boot order and the
 * identity the guest sees (serial, WWN, vendor, product).
 */
final class DiskXml {

    /** The keys this codec reads, relative to {@code <disk>}. */
    static final List<String> MODELLED = modelled();

    private static final Set<String> SNAPSHOT = Set.of("internal", "external", "no", "manual");
    private static final Set<String> SGIO = Set.of("filtered", "unfiltered");
    private static final Set<String> MODELS = Set.of("virtio", "virtio-transitional", "virtio-non-transitional");
    private static final Set<String> TRAY = Set.of("open", "closed");
    private static final Set<String> TRANS = Set.of("none", "lba", "auto");

    private DiskXml() {
    }

    private static List<String> modelled() {
        List<String> keys = new ArrayList<>(List.of("@type", "@device", "@model", "@rawio", "@sgio", "@snapshot",
                "driver@name", "driver@type", "auth@username", "auth/secret@type", "auth/secret@usage",
                "auth/secret@uuid", "target@dev", "target@bus", "target@tray", "target@removable",
                "target@rotation_rate", "geometry@cyls", "geometry@heads", "geometry@secs", "geometry@trans",
                "blockio@logical_block_size", "blockio@physical_block_size", "blockio@discard_granularity",
                "readonly", "shareable", "transient@shareBacking", "serial", "wwn", "vendor", "product",
                "boot@order", "boot@loadparm", "backenddomain@name"));
        keys.addAll(DiskSourceXml.SOURCE_ALL);
        keys.addAll(DiskSourceXml.CHAIN);
        keys.addAll(DiskDriverXml.MODELLED);
        keys.addAll(DiskSourceSettingsXml.ENCRYPTION);
        keys.addAll(DiskMirrorXml.MODELLED);
        return List.copyOf(keys);
    }

    static DiskDevice parse(XmlCursor d, boolean live) {
        DiskDevice.Type type = DomainErrors.enumAttr(d, "type", DiskDevice.Type.class, DiskDevice.Type.FILE);
        DiskDevice.Device device = DomainErrors.enumAttr(d, "device", DiskDevice.Device.class,
                DiskDevice.Device.DISK);
        XmlCursor driver = d.child("driver");
        DiskSource source = DiskSourceXml.parse(d, type.xmlName(), d.child("auth"), live);
        XmlCursor target = d.child("target");
        String targetDev = target == null ? null : target.attr("dev");
        if (targetDev == null) {
            throw new VirtException(ErrorCode.NO_TARGET, ErrorDomain.DOMAIN,
                    "device " + (source == null || source.path() == null ? "" : source.path()));
        }
        boolean noSource = source == null || source.path() == null && source.protocol() == null
                && source.volume() == null && source.settings().nvmeAddress() == null;
        if (noSource && (device == DiskDevice.Device.DISK || device == DiskDevice.Device.LUN)) {
            throw new VirtException(ErrorCode.NO_SOURCE, ErrorDomain.DOMAIN, "device " + targetDev);
        }
        if (device == DiskDevice.Device.LUN && type != DiskDevice.Type.BLOCK && type != DiskDevice.Type.NETWORK
                && type != DiskDevice.Type.VOLUME) {
            throw DomainErrors.xmlError("disk device='lun' is only valid for block type disk source");
        }
        XmlCursor boot = d.child("boot");
        Integer bootOrder = boot == null ? null : DomainErrors.unsigned(boot, "order");
        if (boot != null && (bootOrder == null || bootOrder == 0)) {
            throw DomainErrors.xmlError("incorrect boot order '" + boot.attrOrEmpty("order")
                    + "', expecting positive integer");
        }
        DiskIoTune ioTune = DiskDriverXml.parseIoTune(d.child("iotune"));
        XmlCursor transientEl = d.child("transient");
        XmlCursor backendDomain = d.child("backenddomain");
        if (backendDomain != null && backendDomain.attr("name") == null) {
            throw DomainErrors.xmlError("missing name for backenddomain");
        }
        return DiskDevice.builder().type(type).device(device)
                .driverName(driver == null ? null : driver.attr("name"))
                .driverType(driver == null ? null : driver.attr("type")).sourceDetail(source)
                .driver(DiskDriverXml.parse(driver)).backingStore(DiskSourceXml.parseBackingStore(d, live, 0))
                .ioTune(ioTune == null || ioTune.limits().isEmpty() && ioTune.groupName() == null ? null : ioTune)
                .geometry(geometry(d.child("geometry"), d.child("blockio"))).targetDev(targetDev)
                .targetBus(target.attr("bus")).tray(DomainErrors.choice(target, "tray", TRAY))
                .removable(DomainErrors.onOff(target, "removable"))
                .rotationRate(DomainErrors.unsigned(target, "rotation_rate"))
                .readonly(d.child("readonly") != null).shareable(d.child("shareable") != null)
                .transientDisk(transientEl != null)
                .transientShareBacking(transientEl == null ? null : DomainErrors.yesNoAttr(transientEl, "shareBacking"))
                .serial(d.childText("serial")).wwn(d.childText("wwn")).vendor(d.childText("vendor"))
                .product(d.childText("product")).bootOrder(bootOrder)
                .bootLoadParm(boot == null ? null : boot.attr("loadparm"))
                .snapshot(DomainErrors.choice(d, "snapshot", SNAPSHOT)).rawio(DomainErrors.yesNoAttr(d, "rawio"))
                .sgio(DomainErrors.choice(d, "sgio", SGIO)).model(DomainErrors.choice(d, "model", MODELS))
                .backendDomain(backendDomain == null ? null : backendDomain.attr("name"))
                .encryption(DiskSourceSettingsXml.encryption(d.child("encryption")))
                // libvirt reads <mirror> only from a running domain's XML: a definition's is ignored
                .mirror(live ? DiskMirrorXml.parse(d.child("mirror")) : null).build();
    }

    private static DiskGeometry geometry(XmlCursor g, XmlCursor b) {
        if (g == null && b == null) {
            return DiskGeometry.NONE;
        }
        Integer cyls = null;
        Integer heads = null;
        Integer secs = null;
        String trans = null;
        if (g != null) {
            cyls = DomainErrors.unsigned(g, "cyls");
            heads = DomainErrors.unsigned(g, "heads");
            secs = DomainErrors.unsigned(g, "secs");
            trans = DomainErrors.choice(g, "trans", TRANS);
            if (cyls == null || heads == null || secs == null) {
                throw DomainErrors.xmlError("Missing required attribute in element 'geometry'");
            }
        }
        return new DiskGeometry(cyls, heads, secs, trans,
                b == null ? null : DomainErrors.unsigned(b, "logical_block_size"),
                b == null ? null : DomainErrors.unsigned(b, "physical_block_size"),
                b == null ? null : DomainErrors.unsigned(b, "discard_granularity"));
    }

    static void write(XmlWriter w, DiskDevice d, boolean live) {
        w.open("disk", "type", d.type().xmlName(), "device", d.device().xmlName(), "model", d.model(),
                "rawio", DomainErrors.yesNo(d.rawio()), "sgio", d.sgio(), "snapshot", d.snapshot());
        DiskDriverXml.write(w, d.driverName(), d.driverType(), d.driver());
        if (d.sourceDetail() != null) {
            DiskSourceXml.write(w, d.type().xmlName(), d.sourceDetail(), live);
        }
        DiskSourceXml.writeBackingStore(w, d.backingStore(), live);
        if (d.backendDomain() != null) {
            w.empty("backenddomain", "name", d.backendDomain());
        }
        DiskGeometry g = d.geometry();
        if (g.hasGeometry()) {
            w.empty("geometry", "cyls", DomainErrors.text(g.cylinders()), "heads", DomainErrors.text(g.heads()),
                    "secs", DomainErrors.text(g.sectors()), "trans", g.translation());
        }
        if (g.hasBlockIo()) {
            w.empty("blockio", "logical_block_size", DomainErrors.text(g.logicalBlockSize()),
                    "physical_block_size", DomainErrors.text(g.physicalBlockSize()),
                    "discard_granularity", DomainErrors.text(g.discardGranularity()));
        }
        if (live) {
            DiskMirrorXml.write(w, d.mirror());
        }
        w.empty("target", "dev", d.targetDev(), "bus", d.targetBus(), "tray", d.tray(),
                "removable", DomainErrors.onOff(d.removable()), "rotation_rate", DomainErrors.text(d.rotationRate()));
        DiskDriverXml.writeIoTune(w, d.ioTune());
        if (d.readonly()) {
            w.empty("readonly");
        }
        if (d.shareable()) {
            w.empty("shareable");
        }
        if (d.transientDisk()) {
            w.empty("transient", "shareBacking", DomainErrors.yesNo(d.transientShareBacking()));
        }
        w.text("serial", d.serial());
        w.text("wwn", d.wwn());
        w.text("vendor", d.vendor());
        w.text("product", d.product());
        DiskSourceSettingsXml.writeEncryption(w, d.encryption());
        if (d.bootOrder() != null) {
            w.empty("boot", "order", d.bootOrder().toString(), "loadparm", d.bootLoadParm());
        }
        DeviceInfoXml.write(w, d.info(), live);
        w.close("disk");
    }
}
