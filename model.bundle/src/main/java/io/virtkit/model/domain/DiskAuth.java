package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A disk source's {@code <auth>}: the user and the libvirt secret holding the password or key.
 *
 * @param username   the user name
 * @param secretType the secret's type ({@code ceph}, {@code iscsi}, {@code vtpm}), or {@code null}
 * @param usage      the secret's usage name, or {@code null} when it is named by UUID
 * @param uuid       the secret's UUID, or {@code null} when it is named by usage
 */
public record DiskAuth(String username, String secretType, String usage, String uuid) {

    public DiskAuth {
        Objects.requireNonNull(username, "username");
    }
}
