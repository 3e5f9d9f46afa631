package io.virtkit.qemu.internal.command;

import java.util.List;

import io.virtkit.model.domain.AudioBackend;
import io.virtkit.model.domain.AudioStream;
import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.SoundDevice;

/**
 * Audio backends ({@code -audiodev}) and sound cards ({@code intel-hda}/{@code ich9-intel-hda} with their HDA
 * codecs, {@code AC97}). Sound without an {@code <audio>} plays to an implicit backend 1, {@code spice} with
 * SPICE graphics and {@code none} otherwise, as libvirt's default.
 */
final class QemuSoundArgs {

    /** The backend id sound without an {@code <audio>} plays to. */
    private static final int IMPLICIT_AUDIO_ID = 1;

    private QemuSoundArgs() {
    }

    /** The {@code -audiodev} of every backend (and the implicit one). */
    static void addAudio(QemuArgv a) {
        List<AudioBackend> audios = a.def.devices().audios();
        if (audios.isEmpty() && !a.def.devices().sounds().isEmpty()) {
            boolean spice = a.def.devices().graphics().stream().anyMatch(g -> g.type() == GraphicsDevice.Type.SPICE);
            a.add("-audiodev", "id=audio" + IMPLICIT_AUDIO_ID + ",driver=" + (spice ? "spice" : "none"));
        }
        for (AudioBackend b : audios) {
            StringBuilder dev = new StringBuilder("id=audio").append(b.id()).append(",driver=").append(b.type());
            if (b.timerPeriod() != null) {
                dev.append(",timer-period=").append(Integer.toUnsignedString(b.timerPeriod()));
            }
            stream(dev, "in", b.input());
            stream(dev, "out", b.output());
            a.add("-audiodev", dev.toString());
        }
    }

    private static void stream(StringBuilder dev, String dir, AudioStream s) {
        if (s == null) {
            return;
        }
        onOff(dev, dir + ".mixing-engine", s.mixingEngine());
        onOff(dev, dir + ".fixed-settings", s.fixedSettings());
        number(dev, dir + ".voices", s.voices());
        number(dev, dir + ".buffer-length", s.bufferLength());
        number(dev, dir + ".frequency", s.frequency());
        number(dev, dir + ".channels", s.channels());
        if (s.format() != null) {
            dev.append(',').append(dir).append(".format=").append(s.format());
        }
    }

    private static void onOff(StringBuilder dev, String key, Boolean value) {
        if (value != null) {
            dev.append(',').append(key).append('=').append(value ? "on" : "off");
        }
    }

    private static void number(StringBuilder dev, String key, Integer value) {
        if (value != null) {
            dev.append(',').append(key).append('=').append(Integer.toUnsignedString(value));
        }
    }

    /** The sound cards, each at a PCI slot, HDA cards with their codecs. */
    static void add(QemuArgv a) {
        List<SoundDevice> sounds = a.def.devices().sounds();
        List<AudioBackend> audios = a.def.devices().audios();
        for (int n = 0; n < sounds.size(); n++) {
            SoundDevice s = sounds.get(n);
            String id = s.alias() != null ? QemuArgv.escape(s.alias()) : "sound" + n;
            int audioId = s.audioId() != null ? s.audioId() : audios.isEmpty() ? IMPLICIT_AUDIO_ID : audios.get(0).id();
            String audiodev = "audiodev=audio" + audioId;
            switch (s.model()) {
                case "ac97" -> a.add("-device", "AC97,id=" + id + "," + audiodev + a.slots.of(s.info(), a));
                case "ich6", "ich9" -> {
                    a.add("-device", (s.model().equals("ich6") ? "intel-hda" : "ich9-intel-hda") + ",id=" + id
                            + a.slots.of(s.info(), a));
                    List<String> codecs = s.codecs().isEmpty() ? List.of("duplex") : s.codecs();
                    for (int c = 0; c < codecs.size(); c++) {
                        a.add("-device", "hda-" + codecs.get(c) + ",id=" + id + "-codec" + c + ",bus=" + id
                                + ".0,cad=" + c + "," + audiodev);
                    }
                }
                default -> throw QemuArgv.unsupported("sound card model '" + s.model()
                        + "' is not supported by the QEMU driver");
            }
        }
    }
}
