package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.AudioBackend;
import io.virtkit.model.domain.AudioStream;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <audio>}: a backend of any type with its own attributes and its {@code <input>} and
 * {@code <output>} settings. Each type reads the attributes its schema gives it.
 */
final class AudioXml {

    private static final List<String> STREAM_KEYS = List.of("@mixingEngine", "@fixedSettings", "@voices",
            "@bufferLength", "@dev", "@bufferCount", "@tryPoll", "@name", "@streamName", "@latency", "@serverName",
            "@clientName", "@connectPorts", "@exactName", "settings", "settings@frequency", "settings@channels",
            "settings@format");

    /** The keys this codec reads, relative to {@code <audio>}. */
    static final List<String> MODELLED = modelled();

    private AudioXml() {
    }

    private static List<String> modelled() {
        List<String> keys = new ArrayList<>(List.of("@id", "@type", "@timerPeriod", "@tryMMap", "@exclusive",
                "@dspPolicy", "@serverName", "@driver", "@path", "input", "output"));
        STREAM_KEYS.forEach(k -> keys.add("input" + (k.startsWith("@") ? "" : "/") + k));
        STREAM_KEYS.forEach(k -> keys.add("output" + (k.startsWith("@") ? "" : "/") + k));
        return List.copyOf(keys);
    }

    static AudioBackend parse(XmlCursor a) {
        Integer id = DeviceAttrs.uint(a, "id");
        if (id == null || id < 1 || id > 255) {
            throw DomainErrors.xmlError("audio id must be an integer between 1 and 255");
        }
        String type = DeviceAttrs.required(a, "type", "none", "alsa", "coreaudio", "jack", "oss", "pulseaudio",
                "sdl", "spice", "file", "dbus");
        boolean oss = type.equals("oss");
        String dspPolicy = oss ? a.attr("dspPolicy") : null;
        Integer dsp = null;
        if (dspPolicy != null) {
            try {
                dsp = Integer.parseInt(dspPolicy);
            } catch (NumberFormatException e) {
                throw DomainErrors.invalidAttribute("dspPolicy", "audio", dspPolicy);
            }
        }
        return new AudioBackend(id, type, DeviceAttrs.uint(a, "timerPeriod"),
                oss ? DeviceAttrs.yesNo(a, "tryMMap") : null, oss ? DeviceAttrs.yesNo(a, "exclusive") : null, dsp,
                type.equals("pulseaudio") ? a.attr("serverName") : null,
                type.equals("sdl") ? DeviceAttrs.oneOf(a, "driver", "esd", "alsa", "arts", "pulseaudio") : null,
                type.equals("file") ? a.attr("path") : null,
                stream(a.child("input"), type), stream(a.child("output"), type));
    }

    private static AudioStream stream(XmlCursor s, String type) {
        if (s == null) {
            return null;
        }
        boolean oss = type.equals("oss");
        boolean pulse = type.equals("pulseaudio");
        boolean jack = type.equals("jack");
        boolean buffers = oss || type.equals("coreaudio") || type.equals("sdl");
        XmlCursor settings = s.child("settings");
        return new AudioStream(DeviceAttrs.yesNo(s, "mixingEngine"), DeviceAttrs.yesNo(s, "fixedSettings"),
                DeviceAttrs.uint(s, "voices"), DeviceAttrs.uint(s, "bufferLength"),
                oss || type.equals("alsa") ? s.attr("dev") : null,
                buffers ? DeviceAttrs.uint(s, "bufferCount") : null, oss ? DeviceAttrs.yesNo(s, "tryPoll") : null,
                pulse ? s.attr("name") : null, pulse ? s.attr("streamName") : null,
                pulse ? DeviceAttrs.uint(s, "latency") : null, jack ? s.attr("serverName") : null,
                jack ? s.attr("clientName") : null, jack ? s.attr("connectPorts") : null,
                jack ? DeviceAttrs.yesNo(s, "exactName") : null,
                settings == null ? null : DeviceAttrs.uint(settings, "frequency"),
                settings == null ? null : DeviceAttrs.uint(settings, "channels"),
                settings == null ? null : DeviceAttrs.oneOf(settings, "format", "s8", "u8", "s16", "u16", "s32",
                        "u32", "f32"));
    }

    static void write(XmlWriter w, AudioBackend a) {
        String[] attrs = {"id", Integer.toString(a.id()), "type", a.type(),
            "timerPeriod", DeviceAttrs.num(a.timerPeriod()), "tryMMap", DeviceAttrs.yesNo(a.tryMMap()),
            "exclusive", DeviceAttrs.yesNo(a.exclusive()),
            "dspPolicy", a.dspPolicy() == null ? null : a.dspPolicy().toString(), "serverName", a.serverName(),
            "driver", a.driver(), "path", a.path()};
        if (a.input() == null && a.output() == null) {
            w.empty("audio", attrs);
            return;
        }
        w.open("audio", attrs);
        writeStream(w, "input", a.input());
        writeStream(w, "output", a.output());
        w.close("audio");
    }

    private static void writeStream(XmlWriter w, String element, AudioStream s) {
        if (s == null) {
            return;
        }
        String[] attrs = {"mixingEngine", DeviceAttrs.yesNo(s.mixingEngine()),
            "fixedSettings", DeviceAttrs.yesNo(s.fixedSettings()), "voices", DeviceAttrs.num(s.voices()),
            "bufferLength", DeviceAttrs.num(s.bufferLength()), "dev", s.dev(),
            "bufferCount", DeviceAttrs.num(s.bufferCount()), "tryPoll", DeviceAttrs.yesNo(s.tryPoll()),
            "name", s.name(), "streamName", s.streamName(), "latency", DeviceAttrs.num(s.latency()),
            "serverName", s.serverName(), "clientName", s.clientName(), "connectPorts", s.connectPorts(),
            "exactName", DeviceAttrs.yesNo(s.exactName())};
        if (s.frequency() == null && s.channels() == null && s.format() == null) {
            w.empty(element, attrs);
            return;
        }
        w.open(element, attrs);
        w.empty("settings", "frequency", DeviceAttrs.num(s.frequency()), "channels", DeviceAttrs.num(s.channels()),
                "format", s.format());
        w.close(element);
    }
}
