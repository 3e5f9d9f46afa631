package io.virtkit.model.internal.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;

/** {@code <disk>}: a file or block device as disk, cdrom or floppy. */
final class DiskXml {

    /** The keys this codec reads, relative to {@code <disk>}. */
    static final List<String> MODELLED = List.of("@type", "@device", "driver@name", "driver@type", "source@file",
            "source@dev", "target@dev", "target@bus", "readonly");

    private DiskXml() {
    }

    static DiskDevice parse(XmlCursor d) {
        DiskDevice.Type type = DomainErrors.enumAttr(d, "type", DiskDevice.Type.class, DiskDevice.Type.FILE);
        DiskDevice.Device device = DomainErrors.enumAttr(d, "device", DiskDevice.Device.class,
                DiskDevice.Device.DISK);
        XmlCursor driver = d.child("driver");
        XmlCursor sourceEl = d.child("source");
        String source = sourceEl == null ? null : sourceEl.attr(type == DiskDevice.Type.FILE ? "file" : "dev");
        XmlCursor target = d.child("target");
        String targetDev = target == null ? null : target.attr("dev");
        if (targetDev == null) {
            throw new VirtException(ErrorCode.NO_TARGET, ErrorDomain.DOMAIN,
                    "device " + (source == null ? "" : source));
        }
        if (source == null && device == DiskDevice.Device.DISK) {
            throw new VirtException(ErrorCode.NO_SOURCE, ErrorDomain.DOMAIN, "device " + targetDev);
        }
        return DiskDevice.builder().type(type).device(device)
                .driverName(driver == null ? null : driver.attr("name"))
                .driverType(driver == null ? null : driver.attr("type")).source(source).targetDev(targetDev)
                .targetBus(target.attr("bus")).readonly(d.child("readonly") != null).build();
    }

    static void write(XmlWriter w, DiskDevice d, boolean live) {
        w.open("disk", "type", d.type().xmlName(), "device", d.device().xmlName());
        if (d.driverName() != null || d.driverType() != null) {
            w.empty("driver", "name", d.driverName(), "type", d.driverType());
        }
        if (d.source() != null) {
            w.empty("source", d.type() == DiskDevice.Type.FILE ? "file" : "dev", d.source());
        }
        w.empty("target", "dev", d.targetDev(), "bus", d.targetBus());
        if (d.readonly()) {
            w.empty("readonly");
        }
        DeviceInfoXml.write(w, d.info(), live);
        w.close("disk");
    }
}
