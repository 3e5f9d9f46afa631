package io.virtkit.model.network;

import java.util.Objects;

/**
 * A host device of a {@code <forward>} ({@code <interface dev>}).
 *
 * @param dev         the device's name
 * @param connections how many guest interfaces use it (status XML only), or {@code null}
 */
public record ForwardInterface(String dev, Integer connections) {

    public ForwardInterface {
        Objects.requireNonNull(dev, "dev");
    }
}
