package io.virtkit.api.driver;

/**
 * What a driver's finish step gives: the domain now running on this host (null when cancelled or failed, after the
 * driver removed what prepare made) and the cookie for the source's confirm step.
 *
 * @since 1.8
 */
public record MigrationFinish(DomainRef domain, byte[] cookie) {
    public MigrationFinish {
        cookie = cookie == null ? new byte[0] : cookie.clone();
    }

    @Override
    public byte[] cookie() {
        return cookie.clone();
    }
}
