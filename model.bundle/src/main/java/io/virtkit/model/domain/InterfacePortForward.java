package io.virtkit.model.domain;

import java.util.List;
import java.util.Objects;

/**
 * A {@code <portForward>} of a passt back end: host ports of a protocol forwarded to the guest.
 *
 * @param proto   {@code tcp} or {@code udp}
 * @param address the host address listened on, or {@code null} for all
 * @param dev     the host interface listened on, or {@code null} for all
 * @param ranges  the port ranges in document order
 */
public record InterfacePortForward(String proto, String address, String dev, List<Range> ranges) {

    public InterfacePortForward {
        Objects.requireNonNull(proto, "proto");
        ranges = ranges == null ? List.of() : List.copyOf(ranges);
    }

    /**
     * A {@code <range>}: ports {@code start} to {@code end} (or just {@code start}).
     *
     * @param start   the first port
     * @param end     the last port, or {@code null}
     * @param to      the guest port the first maps to, or {@code null} for the same
     * @param exclude whether the range is excluded from forwarding, or {@code null}
     */
    public record Range(int start, Integer end, Integer to, Boolean exclude) {
    }
}
