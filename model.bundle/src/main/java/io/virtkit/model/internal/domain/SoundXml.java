package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.SoundDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code <sound>}: the card model, its HDA codecs and the audio backend it plays through. */
final class SoundXml {

    /** The keys this codec reads, relative to {@code <sound>}. */
    static final List<String> MODELLED = List.of("@model", "codec", "codec@type", "audio", "audio@id");

    private SoundXml() {
    }

    static SoundDevice parse(XmlCursor s, boolean live) {
        String model = DeviceAttrs.required(s, "model", "sb16", "es1370", "pcspk", "ac97", "ich6", "ich7", "ich9",
                "usb");
        List<String> codecs = new ArrayList<>();
        for (XmlCursor c : s.children("codec")) {
            codecs.add(DeviceAttrs.required(c, "type", "duplex", "micro", "output"));
        }
        XmlCursor audio = s.child("audio");
        return new SoundDevice(model, codecs, audio == null ? null : DeviceAttrs.uint(audio, "id"),
                DeviceInfoXml.parse(s, live));
    }

    static void write(XmlWriter w, SoundDevice s, boolean live) {
        boolean info = s.info().address() != null || (s.alias() != null && (live || s.info().hasUserAlias()));
        if (s.codecs().isEmpty() && s.audioId() == null && !info) {
            w.empty("sound", "model", s.model());
            return;
        }
        w.open("sound", "model", s.model());
        for (String codec : s.codecs()) {
            w.empty("codec", "type", codec);
        }
        if (s.audioId() != null) {
            w.empty("audio", "id", DeviceAttrs.num(s.audioId()));
        }
        DeviceInfoXml.write(w, s.info(), live);
        w.close("sound");
    }
}
