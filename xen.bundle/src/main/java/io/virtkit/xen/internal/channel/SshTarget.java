package io.virtkit.xen.internal.channel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where and how {@link SshXenChannel} logs in.
 *
 * @param user the remote user ({@code root} unless the URI names one)
 * @param host host name or address
 * @param port SSH port (22 by default)
 * @param identities private key files to offer (OpenSSH or PEM), in order
 * @param knownHosts the known_hosts file the host key must be in
 * @param noVerify accept any host key (the URI's {@code no_verify=1})
 * @param connectTimeout how long connecting and logging in may take
 */
public record SshTarget(String user, String host, int port, List<Path> identities, Path knownHosts,
        boolean noVerify, Duration connectTimeout) {

    public SshTarget {
        identities = List.copyOf(identities);
    }

    @Override
    public String toString() {
        return user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
