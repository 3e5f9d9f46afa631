package io.virtkit.api.driver;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.virtkit.api.AuthCallback;
import io.virtkit.api.ClientIdentity;

/**
 * What a sub-driver is opened with: the parsed URI (transport and host kept, for drivers that reach a
 * remote host), whether the connection is read-only, the caller's credential callback and identity.
 *
 * @param uri the URI as the caller gave it ({@code qemu+ssh://root@host/system})
 * @param readOnly opened with READ_ONLY: core refuses changes before they reach the driver
 * @param auth answers credential questions, or null when nobody can
 * @param identity who opens it
 */
public record OpenRequest(URI uri, boolean readOnly, AuthCallback auth, io.virtkit.api.ClientIdentity identity) {

    public OpenRequest {
        Objects.requireNonNull(uri, "uri");
        identity = identity == null ? ClientIdentity.UNKNOWN : identity;
    }

    /** A read-write request for {@code uri} without credentials: for tests and embedders. */
    public static OpenRequest of(String uri) {
        return new OpenRequest(URI.create(uri), false, null, ClientIdentity.UNKNOWN);
    }

    /** The scheme that picks the driver: {@code qemu} for {@code qemu+ssh}, lower case. */
    public String driverScheme() {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        int plus = scheme.indexOf('+');
        return (plus < 0 ? scheme : scheme.substring(0, plus)).toLowerCase(Locale.ROOT);
    }

    /** The transport after {@code +} ({@code ssh}, {@code tls}, {@code unix}), if the URI names one. */
    public Optional<String> transport() {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        int plus = scheme.indexOf('+');
        return plus < 0 ? Optional.empty() : Optional.of(scheme.substring(plus + 1).toLowerCase(Locale.ROOT));
    }
}
