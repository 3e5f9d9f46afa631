package io.virtkit.model.domain;

import java.util.Objects;

/**
 * An {@code <audio>} backend that sound devices and displays play through; each optional value is
 * {@code null} when not set.
 *
 * @param id          the id devices refer to (1 and up)
 * @param type        {@code none}, {@code alsa}, {@code coreaudio}, {@code jack}, {@code oss},
 *                    {@code pulseaudio}, {@code sdl}, {@code spice}, {@code file} or {@code dbus}
 * @param timerPeriod the timer period in microseconds
 * @param tryMMap     OSS's {@code tryMMap}
 * @param exclusive   OSS's {@code exclusive}
 * @param dspPolicy   OSS's {@code dspPolicy}
 * @param serverName  PulseAudio's {@code serverName}
 * @param driver      SDL's {@code driver}
 * @param path        the file backend's {@code path}
 * @param input       the {@code <input>} settings, or {@code null}
 * @param output      the {@code <output>} settings, or {@code null}
 */
public record AudioBackend(int id, String type, Integer timerPeriod, Boolean tryMMap, Boolean exclusive,
        Integer dspPolicy, String serverName, String driver, String path, AudioStream input, AudioStream output) {

    public AudioBackend {
        Objects.requireNonNull(type, "type");
    }

    /** A backend of this type with nothing else set. */
    public static AudioBackend of(int id, String type) {
        return new AudioBackend(id, type, null, null, null, null, null, null, null, null, null);
    }
}
