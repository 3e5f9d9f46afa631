package io.virtkit.shell.internal;

import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** How virsh resolves a DOMAIN argument: as an id, then as a UUID, then as a name. */
final class DomainLookup {

    /** libvirt's UUID forms: the canonical dashed one, or 32 bare hex digits. */
    private static final Pattern UUID_FORM = Pattern.compile(
            "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}|\\p{XDigit}{32}");

    private DomainLookup() {
    }

    /**
     * The domain named by {@code key}; a failed id or UUID lookup falls through to the next form, so
     * a domain named "42" is still found when no running domain has id 42.
     *
     * @throws VirtException the name lookup's {@link ErrorCode#NO_DOMAIN} when nothing matches
     */
    static Domain lookup(Connection connection, String key) {
        Integer id = parseId(key);
        if (id != null) {
            try {
                return connection.lookupDomainById(id);
            } catch (VirtException e) {
                rethrowUnlessNotFound(e);
            }
        }
        UUID uuid = parseUuid(key);
        if (uuid != null) {
            try {
                return connection.lookupDomainByUuid(uuid);
            } catch (VirtException e) {
                rethrowUnlessNotFound(e);
            }
        }
        return connection.lookupDomainByName(key);
    }

    /** {@link #lookup} for a command: a failure is virsh's "error: failed to get domain 'KEY'". */
    static Domain forCommand(Connection connection, String key) throws CommandException {
        try {
            return lookup(connection, key);
        } catch (VirtException e) {
            throw failed(key, e);
        }
    }

    /** virsh's words for a DOMAIN argument it could not resolve. */
    static CommandException failed(String key, VirtException e) {
        return Errors.lookupFailed("failed to get domain '" + key + "'", e, ErrorCode.NO_DOMAIN);
    }

    /**
     * The domain named by an id or a UUID only, as {@code domname} accepts them.
     *
     * @throws VirtException {@link ErrorCode#NO_DOMAIN} when {@code key} is neither or matches nothing
     */
    static Domain lookupByIdOrUuid(Connection connection, String key) {
        Integer id = parseId(key);
        UUID uuid = parseUuid(key);
        if (id != null) {
            try {
                return connection.lookupDomainById(id);
            } catch (VirtException e) {
                if (uuid == null) {
                    throw e;
                }
                rethrowUnlessNotFound(e);
            }
        }
        if (uuid != null) {
            return connection.lookupDomainByUuid(uuid);
        }
        throw new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.DOMAIN,
                "no domain with matching id or uuid '" + key + "'");
    }

    /** A non-negative int, as virsh requires before trying an id lookup. */
    static Integer parseId(String key) {
        if (key.isEmpty() || !key.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Integer.valueOf(key);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static UUID parseUuid(String key) {
        if (!UUID_FORM.matcher(key).matches()) {
            return null;
        }
        String dashed = key.length() == 32
                ? key.substring(0, 8) + "-" + key.substring(8, 12) + "-" + key.substring(12, 16) + "-"
                        + key.substring(16, 20) + "-" + key.substring(20)
                : key;
        return UUID.fromString(dashed);
    }

    private static void rethrowUnlessNotFound(VirtException e) {
        if (e.code() != ErrorCode.NO_DOMAIN) {
            throw e;
        }
    }
}
