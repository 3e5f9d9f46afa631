package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A SPICE {@code <channel>}: whether one channel must be secure (TLS) or insecure.
 *
 * @param name the channel ({@code main}, {@code display}, {@code inputs}, {@code cursor}, {@code playback},
 *             {@code record}, {@code smartcard}, {@code usbredir})
 * @param mode {@code any}, {@code secure} or {@code insecure}
 */
public record SpiceChannel(String name, String mode) {

    public SpiceChannel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
    }
}
