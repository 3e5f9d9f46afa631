package io.virtkit.api;

/**
 * What the destination's prepare step gives (libvirt's {@code virDomainMigratePrepare3Params}): where the source
 * sends the migration data ({@code tcp:10.77.0.2:49152}; null when the caller's {@code migrate_uri} stands) and a
 * cookie for the source's perform step.
 *
 * @since 1.8
 */
public record MigrationPrepared(String uri, byte[] cookie) {
    public MigrationPrepared {
        cookie = cookie == null ? new byte[0] : cookie.clone();
    }

    @Override
    public byte[] cookie() {
        return cookie.clone();
    }
}
