package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.virtkit.model.domain.AudioBackend;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.GraphicsListen;
import io.virtkit.model.domain.InputDevice;
import io.virtkit.model.domain.SoundDevice;
import io.virtkit.model.domain.SpiceChannel;
import io.virtkit.model.domain.VideoDevice;

/**
 * What of graphics, video, sound, audio and input the driver cannot run, refused at start with
 * CONFIG_UNSUPPORTED before any argv is made. What passes is what {@link QemuGraphicsArgs},
 * {@link QemuVideoArgs}, {@link QemuSoundArgs} and {@link QemuInputArgs} put on the command line.
 */
final class QemuDisplaySupport {

    /** The video models run, with the device of a primary adapter. */
    static final Set<String> VIDEO_MODELS = Set.of("vga", "cirrus", "qxl", "virtio", "none");
    /** The sound models run. */
    static final Set<String> SOUND_MODELS = Set.of("ich6", "ich9", "ac97");
    /** The audio backends run. */
    static final Set<String> AUDIO_TYPES = Set.of("none", "spice");

    private QemuDisplaySupport() {
    }

    static void check(DomainDevices dev) {
        Set<GraphicsDevice.Type> seen = EnumSet.noneOf(GraphicsDevice.Type.class);
        for (GraphicsDevice g : dev.graphics()) {
            if (!seen.add(g.type())) {
                throw unsupported("only 1 graphics device of each type (sdl, vnc, spice, dbus) is supported");
            }
            graphics(g);
        }
        video(dev.videos());
        for (SoundDevice s : dev.sounds()) {
            if (!SOUND_MODELS.contains(s.model())) {
                throw unsupported("sound card model '" + s.model() + "' is not supported by the QEMU driver");
            }
            if (!s.codecs().isEmpty() && s.model().equals("ac97")) {
                throw unsupported("sound card model 'ac97' has no codecs");
            }
            if (s.audioId() != null && dev.audios().stream().noneMatch(a -> a.id() == s.audioId())) {
                throw unsupported("no audio backend with id " + s.audioId() + " for sound card");
            }
        }
        for (AudioBackend a : dev.audios()) {
            audio(a, seen.contains(GraphicsDevice.Type.SPICE));
        }
        if (dev.audios().size() > 1 && dev.sounds().stream().anyMatch(s -> s.audioId() == null)) {
            throw unsupported("sound card must name its audio backend when there are several");
        }
        for (InputDevice i : dev.inputs()) {
            input(i, dev);
        }
    }

    private static void graphics(GraphicsDevice g) {
        String type = g.type().xmlName();
        if (g.type() != GraphicsDevice.Type.VNC && g.type() != GraphicsDevice.Type.SPICE) {
            throw unsupported("graphics type '" + type + "' is not supported by the QEMU driver");
        }
        if (g.listens().size() > 1) {
            throw unsupported("only one listen element is supported for graphics type '" + type + "'");
        }
        GraphicsListen l = g.listens().isEmpty() ? null : g.listens().get(0);
        if (l != null && l.type() == GraphicsListen.Type.NETWORK) {
            throw unsupported("listen type 'network' is not supported by the QEMU driver");
        }
        if (l != null && l.type() == GraphicsListen.Type.SOCKET && l.socket() == null) {
            throw unsupported("listen type 'socket' needs a socket path with the QEMU driver");
        }
        if (g.keymap() != null) {
            throw unsupported("graphics keymap is not supported by the QEMU driver");
        }
        if (g.passwdValidTo() != null) {
            throw unsupported("graphics passwdValidTo is not supported by the QEMU driver");
        }
        if (g.type() == GraphicsDevice.Type.SPICE) {
            spice(g);
        }
    }

    private static void spice(GraphicsDevice g) {
        // TLS needs certificates the driver has no configuration for, as libvirt with spice_tls=0
        if (g.tlsPort() > 0) {
            throw unsupported("Spice TLS port set in XML configuration, but TLS is disabled");
        }
        if ("secure".equals(g.defaultMode())
                || g.spice().channels().stream().map(SpiceChannel::mode).anyMatch("secure"::equals)) {
            throw unsupported("Spice secure channels set in XML configuration, but TLS is disabled");
        }
        if (g.gl() != null && Boolean.TRUE.equals(g.gl().enable())) {
            throw unsupported("spice OpenGL is not supported by the QEMU driver");
        }
        if (g.connected() != null && !g.connected().equals("keep")) {
            throw unsupported("graphics connected='" + g.connected() + "' is not supported by the QEMU driver");
        }
    }

    private static void video(List<VideoDevice> videos) {
        for (int n = 0; n < videos.size(); n++) {
            VideoDevice v = videos.get(n);
            if (!VIDEO_MODELS.contains(v.model())) {
                throw unsupported("video type '" + v.model() + "' is not supported by the QEMU driver");
            }
            if (v.model().equals("none") && videos.size() > 1) {
                throw unsupported("video type 'none' must be the only video device");
            }
            boolean primary = n == QemuVideoArgs.primaryIndex(videos);
            if (!primary && !v.model().equals("qxl") && !v.model().equals("virtio")) {
                throw unsupported("video type '" + v.model() + "' is only valid as primary video device");
            }
            if (v.heads() != null && v.heads() > 1 && !v.model().equals("qxl") && !v.model().equals("virtio")) {
                throw unsupported("video type '" + v.model() + "' has only one head");
            }
            if (v.acceleration() != null && (Boolean.TRUE.equals(v.acceleration().accel3d())
                    || Boolean.TRUE.equals(v.acceleration().accel2d()) || v.acceleration().rendernode() != null)) {
                throw unsupported("video acceleration is not supported by the QEMU driver");
            }
            if (v.resolutionX() != null && v.model().equals("cirrus")) {
                throw unsupported("video type 'cirrus' does not support a resolution");
            }
            if (v.driverName() != null && !v.driverName().equals("qemu") || v.vgaconf() != null) {
                throw unsupported("video driver settings are not supported by the QEMU driver");
            }
            if (!v.virtio().isEmpty() && !v.model().equals("virtio")) {
                throw unsupported("virtio options are only valid for virtio devices");
            }
        }
    }

    private static void audio(AudioBackend a, boolean spiceGraphics) {
        if (!AUDIO_TYPES.contains(a.type())) {
            throw unsupported("audio type '" + a.type() + "' is not supported by the QEMU driver");
        }
        if (a.type().equals("spice") && !spiceGraphics) {
            throw unsupported("Spice audio is not supported without spice graphics");
        }
    }

    private static void input(InputDevice i, DomainDevices dev) {
        String bus = QemuInputArgs.busOf(i);
        if (!i.type().equals("tablet") && !i.type().equals("mouse") && !i.type().equals("keyboard")) {
            throw unsupported("input device type '" + i.type() + "' is not supported by the QEMU driver");
        }
        switch (bus) {
            case "ps2" -> {
                if (i.type().equals("tablet")) {
                    throw unsupported("ps2 bus does not support tablet input device");
                }
            }
            case "usb" -> {
                if (QemuInputArgs.usbBus(dev) == null) {
                    throw unsupported("USB input device needs a USB controller");
                }
            }
            case "virtio" -> {
            }
            default -> throw unsupported("input bus '" + bus + "' is not supported by the QEMU driver");
        }
        if (i.model() != null && !i.model().equals("virtio")) {
            throw unsupported("input model '" + i.model() + "' is not supported by the QEMU driver");
        }
        if (!i.virtio().isEmpty() && !bus.equals("virtio")) {
            throw unsupported("virtio options are only valid for virtio devices");
        }
    }
}
