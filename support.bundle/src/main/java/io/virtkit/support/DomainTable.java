package io.virtkit.support;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * A driver's domains indexed by UUID and by name, with libvirt's rule for defining one: a name and a
 * UUID either both belong to no domain or both to the same one. Not thread-safe: the driver guards it
 * with the lock that guards its other state. Iteration follows insertion order.
 *
 * @param <D> the driver's domain object; its name and UUID must not change while it is in the table
 */
public final class DomainTable<D> {

    private final Function<D, UUID> uuidOf;
    private final Function<D, String> nameOf;
    private final Map<UUID, D> byUuid = new LinkedHashMap<>();
    private final Map<String, D> byName = new HashMap<>();
    private final String noun;
    private final ErrorDomain errorDomain;

    /** A table of domains: clashes are reported as "domain 'a' …" from {@link ErrorDomain#DOMAIN}. */
    public DomainTable(Function<D, UUID> uuidOf, Function<D, String> nameOf) {
        this(uuidOf, nameOf, "domain", ErrorDomain.DOMAIN);
    }

    /**
     * A table of other named objects with the same rule (networks: {@code "network"},
     * {@link ErrorDomain#NETWORK}), whose clash messages name them with {@code noun}.
     */
    public DomainTable(Function<D, UUID> uuidOf, Function<D, String> nameOf, String noun, ErrorDomain errorDomain) {
        this.uuidOf = Objects.requireNonNull(uuidOf, "uuidOf");
        this.nameOf = Objects.requireNonNull(nameOf, "nameOf");
        this.noun = Objects.requireNonNull(noun, "noun");
        this.errorDomain = Objects.requireNonNull(errorDomain, "errorDomain");
    }

    /** The domain with {@code uuid}, or null. */
    public D get(UUID uuid) {
        return uuid == null ? null : byUuid.get(uuid);
    }

    /** The domain named {@code name}, or null. */
    public D byName(String name) {
        return name == null ? null : byName.get(name);
    }

    public boolean contains(UUID uuid) {
        return uuid != null && byUuid.containsKey(uuid);
    }

    /** Every domain, in the order they were added; a live view, so copy it before changing the table. */
    public Collection<D> values() {
        return Collections.unmodifiableCollection(byUuid.values());
    }

    /** Adds {@code domain}, replacing the one with the same UUID (whose name must be the same). */
    public void put(D domain) {
        D previous = byUuid.put(uuidOf.apply(domain), domain);
        if (previous != null) {
            byName.remove(nameOf.apply(previous));
        }
        byName.put(nameOf.apply(domain), domain);
    }

    /** Removes {@code domain} if it is the one the table holds for its UUID; true when it did. */
    public boolean remove(D domain) {
        UUID uuid = uuidOf.apply(domain);
        if (byUuid.get(uuid) != domain) {
            return false;
        }
        byUuid.remove(uuid);
        byName.remove(nameOf.apply(domain));
        return true;
    }

    /** A domain other than the one with {@code uuid} that holds {@code name}, or the one with {@code uuid} under another name; else null. */
    public D clash(UUID uuid, String name) {
        D sameUuid = get(uuid);
        if (sameUuid != null) {
            return nameOf.apply(sameUuid).equals(name) ? null : sameUuid;
        }
        return byName(name);
    }

    /**
     * Fails as libvirt does when {@code name} or {@code uuid} belongs to another domain: "domain 'a' is
     * already defined with uuid U" (the UUID is taken) or "domain 'a' already exists with uuid U" (the name is);
     * the table's noun replaces "domain".
     */
    public void rejectClash(UUID uuid, String name) {
        D clash = clash(uuid, name);
        if (clash == null) {
            return;
        }
        String detail = uuidOf.apply(clash).equals(uuid)
                ? noun + " '" + nameOf.apply(clash) + "' is already defined with uuid " + uuid
                : noun + " '" + nameOf.apply(clash) + "' already exists with uuid " + uuidOf.apply(clash);
        throw new VirtException(ErrorCode.OPERATION_FAILED, errorDomain, detail);
    }
}
