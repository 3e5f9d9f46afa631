package io.virtkit.api;

/**
 * What the destination's finish step gives (libvirt's {@code virDomainMigrateFinish3Params}): the domain now
 * running there (null when the migration was cancelled or failed, the destination having cleaned up) and a cookie
 * for the source's confirm step.
 *
 * @since 1.8
 */
public record MigrationFinished(Domain domain, byte[] cookie) {
    public MigrationFinished {
        cookie = cookie == null ? new byte[0] : cookie.clone();
    }

    @Override
    public byte[] cookie() {
        return cookie.clone();
    }
}
