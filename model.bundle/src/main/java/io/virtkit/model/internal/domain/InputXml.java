package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.InputDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;
import java.util.stream.Stream;

/** {@code <input>}: tablet, mouse, keyboard, passthrough or evdev, with its bus, model, source and driver. */
final class InputXml {

    /** The keys this codec reads, relative to {@code <input>}. */
    static final List<String> MODELLED = Stream.concat(Stream.of("@type", "@bus", "@model", "source",
            "source@evdev", "source@dev", "source@grab", "source@grabToggle", "source@repeat", "driver"),
            DeviceAttrs.VIRTIO_KEYS.stream().map(k -> "driver" + k)).toList();

    private InputXml() {
    }

    static InputDevice parse(XmlCursor i, boolean live) {
        String type = DeviceAttrs.required(i, "type", "tablet", "mouse", "keyboard", "passthrough", "evdev");
        String bus = DeviceAttrs.oneOf(i, "bus", "ps2", "usb", "xen", "virtio");
        String model = DeviceAttrs.oneOf(i, "model", "virtio", "virtio-transitional", "virtio-non-transitional");
        XmlCursor source = i.child("source");
        String evdev = null;
        String dev = null;
        String grab = null;
        String grabToggle = null;
        Boolean repeat = null;
        if (source != null && type.equals("passthrough")) {
            evdev = source.attr("evdev");
        } else if (source != null && type.equals("evdev")) {
            dev = source.attr("dev");
            grab = DeviceAttrs.oneOf(source, "grab", "all");
            grabToggle = DeviceAttrs.oneOf(source, "grabToggle", "ctrl-ctrl", "alt-alt", "shift-shift",
                    "meta-meta", "scrolllock", "ctrl-scrolllock");
            repeat = DeviceAttrs.onOff(source, "repeat");
        }
        if (type.equals("passthrough") && evdev == null) {
            throw DomainErrors.xmlError("Missing evdev path for input device passthrough");
        }
        if (type.equals("evdev") && dev == null) {
            throw DomainErrors.xmlError("Missing evdev path for input device");
        }
        return new InputDevice(type, bus, model, evdev, dev, grab, grabToggle, repeat,
                DeviceAttrs.virtio(i.child("driver")), DeviceInfoXml.parse(i, live));
    }

    static void write(XmlWriter w, InputDevice i, boolean live) {
        String[] attrs = {"type", i.type(), "bus", i.bus(), "model", i.model()};
        String[] driver = DeviceAttrs.virtioAttrs(i.virtio());
        boolean info = i.info().address() != null || (i.alias() != null && (live || i.info().hasUserAlias()));
        boolean source = i.evdev() != null || i.dev() != null;
        if (!DeviceAttrs.anySet(driver) && !source && !info) {
            w.empty("input", attrs);
            return;
        }
        w.open("input", attrs);
        if (DeviceAttrs.anySet(driver)) {
            w.empty("driver", driver);
        }
        if (i.evdev() != null) {
            w.empty("source", "evdev", i.evdev());
        } else if (i.dev() != null) {
            w.empty("source", "dev", i.dev(), "grab", i.grab(), "grabToggle", i.grabToggle(),
                    "repeat", DeviceAttrs.onOff(i.repeat()));
        }
        DeviceInfoXml.write(w, i.info(), live);
        w.close("input");
    }
}
