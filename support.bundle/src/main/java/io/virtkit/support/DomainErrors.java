package io.virtkit.support;

import java.util.UUID;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The errors every driver raises for the same situations, worded as libvirt words them, so that all
 * drivers agree to the letter ("Domain not found: no domain with matching name 'x'").
 */
public final class DomainErrors {
    private DomainErrors() {
    }

    /** No domain has that name. */
    public static VirtException noDomainWithName(ErrorDomain from, String name) {
        return new VirtException(ErrorCode.NO_DOMAIN, from, "no domain with matching name '" + name + "'");
    }

    /** No domain has that UUID. */
    public static VirtException noDomainWithUuid(ErrorDomain from, UUID uuid) {
        return new VirtException(ErrorCode.NO_DOMAIN, from, "no domain with matching uuid '" + uuid + "'");
    }

    /** A handle's domain has gone: names both the UUID and the name the handle knew it by. */
    public static VirtException noDomainWithUuid(ErrorDomain from, UUID uuid, String name) {
        return new VirtException(ErrorCode.NO_DOMAIN, from,
                "no domain with matching uuid '" + uuid + "' (" + name + ")");
    }

    /** No running domain has that id. */
    public static VirtException noDomainWithId(ErrorDomain from, int id) {
        return new VirtException(ErrorCode.NO_DOMAIN, from, "no domain with matching id " + id);
    }

    /** A call on a closed connection; {@code function} is libvirt's name of the call ("virDomainCreate"). */
    public static VirtException invalidConnection(String function) {
        return new VirtException(ErrorCode.INVALID_CONN, ErrorDomain.NONE, function);
    }

    /** An operation that needs a running domain, on one that is not ({@code virDomainObjCheckActive}). */
    public static VirtException notRunning() {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
    }
}
