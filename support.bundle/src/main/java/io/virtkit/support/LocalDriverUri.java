package io.virtkit.support;

import java.net.URI;
import java.util.Optional;

/**
 * Which URIs a local driver opens: its scheme, hierarchical, without a host or a transport
 * ({@code qemu+ssh://host/system} and {@code qemu://host/system} are the remote driver's).
 */
public final class LocalDriverUri {

    private LocalDriverUri() {
    }

    /** The path of {@code uri} ("" when it has none) when it is a local URI of {@code scheme}; empty when it is not. */
    public static Optional<String> path(URI uri, String scheme) {
        if (!scheme.equalsIgnoreCase(uri.getScheme()) || uri.isOpaque()) {
            return Optional.empty();
        }
        if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
            return Optional.empty(); // scheme://host/… is for a remote transport
        }
        return Optional.of(uri.getPath() == null ? "" : uri.getPath());
    }
}
