package io.virtkit.api;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What opening a connection takes, libvirt's {@code virConnectOpenAuth}: the URI, flags, a callback for
 * the credentials a driver needs, and who is asking. Build one with {@link #to(String)}.
 *
 * @param uri the connection URI ({@code qemu:///system}, {@code esx://root@host/?no_verify=1})
 * @param flags READ_ONLY …
 * @param auth answers the driver's questions; null when nobody can answer (a driver needing one fails
 *        with AUTH_FAILED)
 * @param identity who opens it
 */
public record ConnectRequest(String uri, Set<ConnectFlag> flags, AuthCallback auth, ClientIdentity identity) {

    public ConnectRequest {
        flags = flags == null || flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        identity = identity == null ? ClientIdentity.UNKNOWN : identity;
    }

    /** A request for {@code uri}, read-write, without credentials, from nobody in particular. */
    public static ConnectRequest to(String uri) {
        return new ConnectRequest(uri, Set.of(), null, ClientIdentity.UNKNOWN);
    }

    public ConnectRequest withFlags(ConnectFlag... more) {
        EnumSet<ConnectFlag> all = EnumSet.noneOf(ConnectFlag.class);
        all.addAll(flags);
        for (ConnectFlag f : more) {
            all.add(Objects.requireNonNull(f, "flag"));
        }
        return new ConnectRequest(uri, all, auth, identity);
    }

    public ConnectRequest withAuth(AuthCallback callback) {
        return new ConnectRequest(uri, flags, callback, identity);
    }

    public ConnectRequest withIdentity(ClientIdentity who) {
        return new ConnectRequest(uri, flags, auth, who);
    }

    public boolean readOnly() {
        return flags.contains(ConnectFlag.READ_ONLY);
    }
}
