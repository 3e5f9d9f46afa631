package io.virtkit.api;

import java.util.Optional;

/**
 * Who opens a connection, libvirt's {@code virIdentity}: the remote daemon fills it from the client's
 * socket (peer credentials) and, with TLS, its certificate; in-process callers are the JVM's own user.
 * Drivers and access control read it; absent parts are empty.
 *
 * @param userName the local user name, if known
 * @param uid the local user id, or -1
 * @param gid the local group id, or -1
 * @param pid the client's process id, or -1 (with {@code processStartTime} to tell a reused pid apart)
 * @param processStartTime the client process's start time in clock ticks since boot, or -1
 * @param x509DistinguishedName the TLS client certificate's subject, if any
 */
public record ClientIdentity(Optional<String> userName, long uid, long gid, long pid, long processStartTime,
        Optional<String> x509DistinguishedName) {

    /** Nobody in particular: what a caller that says nothing is. */
    public static final ClientIdentity UNKNOWN =
            new ClientIdentity(Optional.empty(), -1, -1, -1, -1, Optional.empty());

    public ClientIdentity {
        userName = userName == null ? Optional.empty() : userName;
        x509DistinguishedName = x509DistinguishedName == null ? Optional.empty() : x509DistinguishedName;
    }

    /** A local process known by its socket's peer credentials. */
    public static ClientIdentity unixPeer(long uid, long gid, long pid) {
        return new ClientIdentity(Optional.empty(), uid, gid, pid, -1, Optional.empty());
    }
}
