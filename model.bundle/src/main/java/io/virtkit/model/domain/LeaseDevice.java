package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A {@code <lease>}: a lock the domain must hold while it runs (libvirt's lock managers).
 *
 * @param lockspace the lockspace, or {@code null}
 * @param key       the lease's key
 * @param path      the file holding the lease
 * @param offset    the lease's offset in that file, or {@code null}
 */
public record LeaseDevice(String lockspace, String key, String path, Long offset) {

    public LeaseDevice {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(path, "path");
    }
}
