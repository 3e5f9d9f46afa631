package io.virtkit.model.domain;

import java.util.List;

/**
 * The children of a SPICE {@code <graphics>} besides its listens and GL: channel security, compression,
 * streaming, clipboard, mouse mode and file transfer. Each value is {@code null} when not set.
 *
 * @param channels          per-channel security modes
 * @param imageCompression  {@code <image compression>} ({@code auto_glz}, {@code auto_lz}, {@code quic},
 *                          {@code glz}, {@code lz}, {@code off})
 * @param jpegCompression   {@code <jpeg compression>} ({@code auto}, {@code never}, {@code always})
 * @param zlibCompression   {@code <zlib compression>} ({@code auto}, {@code never}, {@code always})
 * @param playbackCompression {@code <playback compression>} (on/off)
 * @param streamingMode     {@code <streaming mode>} ({@code filter}, {@code all}, {@code off})
 * @param clipboardCopyPaste {@code <clipboard copypaste>}
 * @param mouseMode         {@code <mouse mode>} ({@code server}, {@code client})
 * @param fileTransfer      {@code <filetransfer enable>}
 */
public record SpiceSettings(List<SpiceChannel> channels, String imageCompression, String jpegCompression,
        String zlibCompression, Boolean playbackCompression, String streamingMode, Boolean clipboardCopyPaste,
        String mouseMode, Boolean fileTransfer) {

    /** No SPICE settings. */
    public static final SpiceSettings NONE = new SpiceSettings(List.of(), null, null, null, null, null, null, null,
            null);

    public SpiceSettings {
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /** Whether nothing is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
