package io.virtkit.model.netcommon;

/**
 * {@code <port>} options of a network or interface.
 *
 * @param isolated whether guests on ports with this option may not talk to each other, or {@code null}
 */
public record PortOptions(Boolean isolated) {
}
