package io.virtkit.model.domain;

import java.util.List;
import java.util.Objects;

/**
 * A {@code <sound>} card.
 *
 * @param model   the model ({@code sb16}, {@code es1370}, {@code pcspk}, {@code ac97}, {@code ich6},
 *                {@code ich7}, {@code ich9}, {@code usb})
 * @param codecs  the {@code <codec type>}s ({@code duplex}, {@code micro}, {@code output}) of an HDA card
 * @param audioId the {@code <audio id>} backend it plays through, or {@code null}
 * @param info    alias and address
 */
public record SoundDevice(String model, List<String> codecs, Integer audioId, DeviceInfo info) {

    public SoundDevice {
        Objects.requireNonNull(model, "model");
        codecs = codecs == null ? List.of() : List.copyOf(codecs);
        info = DeviceInfo.orNone(info);
    }

    /** The alias, or {@code null}. */
    public String alias() {
        return info.alias();
    }

    /** A copy with another alias and address. */
    public SoundDevice withInfo(DeviceInfo newInfo) {
        return new SoundDevice(model, codecs, audioId, newInfo);
    }
}
