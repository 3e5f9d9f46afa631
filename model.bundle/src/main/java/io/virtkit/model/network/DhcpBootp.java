package io.virtkit.model.network;

import java.util.Objects;

/**
 * A DHCP {@code <bootp>} option: the file guests boot from over the network.
 *
 * @param file   the boot file's name
 * @param server the TFTP server holding it, or {@code null} for this host
 */
public record DhcpBootp(String file, String server) {

    public DhcpBootp {
        Objects.requireNonNull(file, "file");
    }
}
