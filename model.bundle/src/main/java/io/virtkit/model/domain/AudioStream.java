package io.virtkit.model.domain;

/**
 * An audio backend's {@code <input>} or {@code <output>}; each value is {@code null} when not set (the
 * backend-specific ones only on their backend).
 *
 * @param mixingEngine  whether QEMU mixes and converts the stream
 * @param fixedSettings whether the settings below are fixed
 * @param voices        the number of voices
 * @param bufferLength  the buffer length in microseconds
 * @param dev           the host device (ALSA, OSS)
 * @param bufferCount   the number of buffers (CoreAudio, OSS, SDL)
 * @param tryPoll       OSS's {@code tryPoll}
 * @param name          PulseAudio's sink or source name
 * @param streamName    PulseAudio's stream name
 * @param latency       PulseAudio's latency in microseconds
 * @param serverName    JACK's server name
 * @param clientName    JACK's client name
 * @param connectPorts  JACK's port pattern
 * @param exactName     JACK's exact name
 * @param frequency     the {@code <settings frequency>}
 * @param channels      the {@code <settings channels>}
 * @param format        the {@code <settings format>}
 */
public record AudioStream(Boolean mixingEngine, Boolean fixedSettings, Integer voices, Integer bufferLength,
        String dev, Integer bufferCount, Boolean tryPoll, String name, String streamName, Integer latency,
        String serverName, String clientName, String connectPorts, Boolean exactName, Integer frequency,
        Integer channels, String format) {
}
