package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.SpiceChannel;
import io.virtkit.model.domain.SpiceSettings;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The SPICE children of {@code <graphics type='spice'>}: channel modes, image/jpeg/zlib/playback
 * compression, streaming, clipboard, mouse and file transfer (listens and GL are {@link GraphicsXml}'s).
 */
final class SpiceXml {

    /** The keys this codec reads, relative to {@code <graphics>}. */
    static final List<String> MODELLED = List.of("channel", "channel@name", "channel@mode", "image",
            "image@compression", "jpeg", "jpeg@compression", "zlib", "zlib@compression", "playback",
            "playback@compression", "streaming", "streaming@mode", "clipboard", "clipboard@copypaste", "mouse",
            "mouse@mode", "filetransfer", "filetransfer@enable");

    private static final String[] MODES = {"any", "secure", "insecure"};
    private static final String[] AUTO_NEVER_ALWAYS = {"auto", "never", "always"};

    private SpiceXml() {
    }

    static SpiceSettings parse(XmlCursor g) {
        List<SpiceChannel> channels = new ArrayList<>();
        for (XmlCursor c : g.children("channel")) {
            channels.add(new SpiceChannel(DeviceAttrs.required(c, "name", "main", "display", "inputs", "cursor",
                    "playback", "record", "smartcard", "usbredir"), DeviceAttrs.required(c, "mode", MODES)));
        }
        XmlCursor image = g.child("image");
        XmlCursor jpeg = g.child("jpeg");
        XmlCursor zlib = g.child("zlib");
        XmlCursor playback = g.child("playback");
        XmlCursor streaming = g.child("streaming");
        XmlCursor clipboard = g.child("clipboard");
        XmlCursor mouse = g.child("mouse");
        XmlCursor filetransfer = g.child("filetransfer");
        return new SpiceSettings(channels,
                image == null ? null : DeviceAttrs.required(image, "compression", "auto_glz", "auto_lz", "quic",
                        "glz", "lz", "off"),
                jpeg == null ? null : DeviceAttrs.required(jpeg, "compression", AUTO_NEVER_ALWAYS),
                zlib == null ? null : DeviceAttrs.required(zlib, "compression", AUTO_NEVER_ALWAYS),
                playback == null ? null : DeviceAttrs.onOff(playback, "compression"),
                streaming == null ? null : DeviceAttrs.required(streaming, "mode", "filter", "all", "off"),
                clipboard == null ? null : DeviceAttrs.yesNo(clipboard, "copypaste"),
                mouse == null ? null : DeviceAttrs.required(mouse, "mode", "server", "client"),
                filetransfer == null ? null : DeviceAttrs.yesNo(filetransfer, "enable"));
    }

    static void write(XmlWriter w, SpiceSettings s) {
        for (SpiceChannel c : s.channels()) {
            w.empty("channel", "name", c.name(), "mode", c.mode());
        }
        if (s.imageCompression() != null) {
            w.empty("image", "compression", s.imageCompression());
        }
        if (s.jpegCompression() != null) {
            w.empty("jpeg", "compression", s.jpegCompression());
        }
        if (s.zlibCompression() != null) {
            w.empty("zlib", "compression", s.zlibCompression());
        }
        if (s.playbackCompression() != null) {
            w.empty("playback", "compression", DeviceAttrs.onOff(s.playbackCompression()));
        }
        if (s.streamingMode() != null) {
            w.empty("streaming", "mode", s.streamingMode());
        }
        if (s.clipboardCopyPaste() != null) {
            w.empty("clipboard", "copypaste", DeviceAttrs.yesNo(s.clipboardCopyPaste()));
        }
        if (s.mouseMode() != null) {
            w.empty("mouse", "mode", s.mouseMode());
        }
        if (s.fileTransfer() != null) {
            w.empty("filetransfer", "enable", DeviceAttrs.yesNo(s.fileTransfer()));
        }
    }
}
