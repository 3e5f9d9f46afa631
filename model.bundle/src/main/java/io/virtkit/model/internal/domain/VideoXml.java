package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.VideoDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;
import java.util.stream.Stream;

/** {@code <video>}: the model with its memory sizes, heads, acceleration and resolution, and the driver. */
final class VideoXml {

    /** The keys this codec reads, relative to {@code <video>}. */
    static final List<String> MODELLED = Stream.concat(Stream.of("model", "model@type", "model@ram", "model@vram",
            "model@vram64", "model@vgamem", "model@heads", "model@primary", "model/acceleration",
            "model/acceleration@accel3d", "model/acceleration@accel2d", "model/acceleration@rendernode",
            "model/resolution", "model/resolution@x", "model/resolution@y", "driver", "driver@name",
            "driver@vgaconf"), DeviceAttrs.VIRTIO_KEYS.stream().map(k -> "driver" + k)).toList();

    private static final String[] MODELS = {"vga", "cirrus", "vmvga", "xen", "vbox", "qxl", "virtio", "gop",
        "none", "bochs", "ramfb"};

    private VideoXml() {
    }

    static VideoDevice parse(XmlCursor v, boolean live) {
        XmlCursor model = v.child("model");
        if (model == null) {
            throw DomainErrors.xmlError("missing video model");
        }
        String type = DeviceAttrs.required(model, "type", MODELS);
        XmlCursor accel = model.child("acceleration");
        XmlCursor resolution = model.child("resolution");
        XmlCursor driver = v.child("driver");
        Integer resX = resolution == null ? null : DeviceAttrs.uint(resolution, "x");
        Integer resY = resolution == null ? null : DeviceAttrs.uint(resolution, "y");
        if (resolution != null && (resX == null || resY == null)) {
            throw DomainErrors.xmlError("missing values for acceleration");
        }
        return new VideoDevice(type, DeviceAttrs.uint(model, "ram"), DeviceAttrs.uint(model, "vram"),
                DeviceAttrs.uint(model, "vram64"), DeviceAttrs.uint(model, "vgamem"),
                DeviceAttrs.uint(model, "heads"), DeviceAttrs.yesNo(model, "primary"),
                accel == null ? null : new VideoDevice.Acceleration(DeviceAttrs.yesNo(accel, "accel3d"),
                        DeviceAttrs.yesNo(accel, "accel2d"), accel.attr("rendernode")),
                resX, resY,
                driver == null ? null : DeviceAttrs.oneOf(driver, "name", "qemu", "vhostuser"),
                driver == null ? null : DeviceAttrs.oneOf(driver, "vgaconf", "io", "on", "off"),
                DeviceAttrs.virtio(driver), DeviceInfoXml.parse(v, live));
    }

    static void write(XmlWriter w, VideoDevice v, boolean live) {
        w.open("video");
        String[] driver = DeviceAttrs.concat(new String[] {"name", v.driverName(), "vgaconf", v.vgaconf()},
                DeviceAttrs.virtioAttrs(v.virtio()));
        if (DeviceAttrs.anySet(driver)) {
            w.empty("driver", driver);
        }
        String[] model = {"type", v.model(), "ram", DeviceAttrs.num(v.ram()), "vram", DeviceAttrs.num(v.vram()),
            "vram64", DeviceAttrs.num(v.vram64()), "vgamem", DeviceAttrs.num(v.vgamem()),
            "heads", DeviceAttrs.num(v.heads()), "primary", DeviceAttrs.yesNo(v.primary())};
        if (v.acceleration() == null && v.resolutionX() == null) {
            w.empty("model", model);
        } else {
            w.open("model", model);
            VideoDevice.Acceleration a = v.acceleration();
            if (a != null) {
                w.empty("acceleration", "accel3d", DeviceAttrs.yesNo(a.accel3d()),
                        "accel2d", DeviceAttrs.yesNo(a.accel2d()), "rendernode", a.rendernode());
            }
            if (v.resolutionX() != null) {
                w.empty("resolution", "x", DeviceAttrs.num(v.resolutionX()), "y", DeviceAttrs.num(v.resolutionY()));
            }
            w.close("model");
        }
        DeviceInfoXml.write(w, v.info(), live);
        w.close("video");
    }
}
