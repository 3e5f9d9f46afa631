package io.virtkit.api;

/**
 * What the first step of a migration gives on the source (libvirt's {@code virDomainMigrateBegin3Params}): the
 * domain's XML for the destination and a cookie for the destination's prepare step (opaque to callers).
 *
 * @since 1.8
 */
public record MigrationBegin(String domainXml, byte[] cookie) {
    public MigrationBegin {
        java.util.Objects.requireNonNull(domainXml, "domainXml");
        cookie = cookie == null ? new byte[0] : cookie.clone();
    }

    @Override
    public byte[] cookie() {
        return cookie.clone();
    }
}
