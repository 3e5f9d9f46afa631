package io.virtkit.xen.internal.xl;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.ControllerSettings;
import io.virtkit.model.domain.HostdevDevice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * xl's USB and channel lists with libvirt's rules (xenParseXLUSB, xenParseXLUSBController, xenParseXLChannel
 * and their formatters): {@code usbdev = [ 'hostbus=B,hostaddr=D' ]} host devices (hexadecimal),
 * {@code usbctrl = [ 'type=qusb,version=2,ports=8' ]} controllers and
 * {@code channel = [ 'connection=pty|socket,path=…,name=…' ]} Xen channels. libvirt skips entries it cannot read.
 */
final class XlUsbAndChannels {
    private XlUsbAndChannels() {
    }

    /** The {@code key=value} pairs of an entry in order, or {@code null} when a part has no {@code =}. */
    private static Map<String, String> pairs(String entry) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String part : entry.split(",")) {
            String item = part.strip();
            if (item.isEmpty()) {
                continue;
            }
            int equals = item.indexOf('=');
            if (equals < 0) {
                return null;
            }
            pairs.putIfAbsent(item.substring(0, equals), item.substring(equals + 1));
        }
        return pairs;
    }

    static List<HostdevDevice> parseUsbDevices(XlEntries xl) {
        List<HostdevDevice> devices = new ArrayList<>();
        for (String entry : listOrEmpty(xl, "usbdev")) {
            Map<String, String> pairs = pairs(entry);
            Integer bus = pairs == null ? null : hex(pairs.get("hostbus"), 3);
            Integer device = pairs == null ? null : hex(pairs.get("hostaddr"), 3);
            if (bus != null && device != null) {
                devices.add(new HostdevDevice("subsystem", "usb", false, null, null, null, null, null, null, null,
                        null, null, null, null, null, bus, device, null, null, null, null, null, null, null, null,
                        false, false, null, null, null, null));
            }
        }
        return devices;
    }

    static List<ControllerDevice> parseUsbControllers(XlEntries xl) {
        List<ControllerDevice> controllers = new ArrayList<>();
        for (String entry : listOrEmpty(xl, "usbctrl")) {
            Map<String, String> pairs = pairs(entry);
            if (pairs == null) {
                continue;
            }
            String type = pairs.getOrDefault("type", "");
            Integer version = pairs.containsKey("version") ? hex(pairs.get("version"), 4) : Integer.valueOf(2);
            Integer ports = pairs.containsKey("ports") ? hex(pairs.get("ports"), 4) : Integer.valueOf(8);
            if (type.length() >= 8 || version == null || ports == null
                    || !(type.isEmpty() || type.startsWith("qusb"))) {
                continue;
            }
            ControllerSettings settings = new ControllerSettings(ports, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
            controllers.add(new ControllerDevice("usb", controllers.size(), version == 1 ? "qusb1" : "qusb2", null,
                    settings));
        }
        return controllers;
    }

    static List<CharDevice> parseChannels(XlEntries xl) {
        List<CharDevice> channels = new ArrayList<>();
        for (String entry : listOrEmpty(xl, "channel")) {
            Map<String, String> pairs = pairs(entry);
            if (pairs == null) {
                continue;
            }
            String connection = pairs.getOrDefault("connection", "");
            if (connection.length() >= 10) {
                continue; // libvirt reports the connection too big and skips the entry
            }
            CharDevice.Builder channel = CharDevice.builder().targetType("xen").targetName(pairs.get("name"));
            if (connection.startsWith("socket")) {
                channel.type(CharDevice.Type.UNIX).sourceMode("bind").sourcePath(pairs.get("path"));
            } else if (connection.startsWith("pty")) {
                channel.type(CharDevice.Type.PTY);
            } else {
                throw XlErrors.of(XlFormat.XL, io.virtkit.api.ErrorCode.INTERNAL_ERROR,
                        "unsupported channel connection '" + connection + "'");
            }
            channels.add(channel.build());
        }
        return channels;
    }

    private static List<String> listOrEmpty(XlEntries xl, String key) {
        List<String> list = xl.list(key);
        return list == null ? List.of() : list;
    }

    /** A hexadecimal number of fewer than {@code buffer} characters, else {@code null} (entry skipped). */
    private static Integer hex(String text, int buffer) {
        if (text == null || text.length() >= buffer) {
            return null;
        }
        try {
            return Integer.parseInt(text, 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static void format(List<HostdevDevice> hostdevs, List<ControllerDevice> controllers, List<CharDevice> channels,
            XlConfig out) {
        List<String> usbdev = new ArrayList<>();
        for (HostdevDevice dev : hostdevs) {
            if ("subsystem".equals(dev.mode()) && "usb".equals(dev.type()) && dev.usbBus() != null
                    && dev.usbDevice() != null) {
                usbdev.add("hostbus=" + Integer.toHexString(dev.usbBus()) + ",hostaddr="
                        + Integer.toHexString(dev.usbDevice()));
            }
        }
        if (!usbdev.isEmpty()) {
            out.set("usbdev", XlValue.strings(usbdev));
        }
        List<String> usbctrl = new ArrayList<>();
        for (ControllerDevice controller : controllers) {
            if (!controller.type().equals("usb")) {
                continue;
            }
            StringBuilder entry = new StringBuilder();
            if (controller.model() != null) {
                entry.append(switch (controller.model()) {
                    case "qusb1" -> "type=qusb,version=1,";
                    case "qusb2" -> "type=qusb,version=2,";
                    default -> throw XlErrors.unsupported("unsupported USB controller model '" + controller.model()
                            + "'");
                });
            }
            Integer ports = controller.settings() == null ? null : controller.settings().ports();
            if (ports != null) {
                entry.append("ports=").append(Integer.toHexString(ports));
            }
            usbctrl.add(entry.toString());
        }
        if (!usbctrl.isEmpty()) {
            out.set("usbctrl", XlValue.strings(usbctrl));
        }
        List<String> channelEntries = new ArrayList<>();
        for (CharDevice channel : channels) {
            if (!"xen".equals(channel.targetType())) {
                continue;
            }
            StringBuilder entry = new StringBuilder("connection=");
            switch (channel.type()) {
                case PTY -> entry.append("pty,");
                case UNIX -> {
                    entry.append("socket,");
                    if (channel.sourcePath() != null) {
                        entry.append("path=").append(channel.sourcePath()).append(',');
                    }
                }
                default -> throw XlErrors.unsupported("unsupported chr device type '" + channel.type().xmlName()
                        + "'");
            }
            channelEntries.add(entry.append("name=").append(channel.targetName()).toString());
        }
        if (!channelEntries.isEmpty()) {
            out.set("channel", XlValue.strings(channelEntries));
        }
    }
}
