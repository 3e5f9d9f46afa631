package io.virtkit.support.net;

import java.util.Objects;

/**
 * A veth pair made for one container interface by a {@link VethProvider}.
 *
 * @param name      the host end ({@code veth3}), for the live XML's {@code <target dev=…/>} and for
 *                  {@link VethProvider#release(String)}
 * @param guestName the container end's name inside the container ({@code eth0})
 * @param bridge    the bridge the host end is a port of, or null
 */
public record ConnectedVeth(String name, String guestName, String bridge) {

    public ConnectedVeth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(guestName, "guestName");
    }
}
