package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A disk's {@code <mirror>}: the destination of a running block copy or active commit. libvirt reads and writes
 * it only in a running domain's XML (an inactive definition has none: it is ignored there).
 *
 * @param job          {@code copy} or {@code active-commit}, or {@code null} (the old form: a copy)
 * @param ready        {@code yes}, {@code abort} or {@code pivot}, or {@code null} while not ready
 * @param type         the destination's storage type ({@code file}, {@code block}, {@code network} …)
 * @param format       the destination's image format, or {@code null}
 * @param source       the destination
 * @param backingStore the destination's backing chain, or {@code null} when unknown
 */
public record DiskMirror(String job, String ready, String type, String format, DiskSource source,
        DiskBackingStore backingStore) {

    public DiskMirror {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
    }
}
