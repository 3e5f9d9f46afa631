package io.virtkit.support;

import java.util.List;
import java.util.UUID;

import io.virtkit.api.DomainListFlag;

/**
 * The lookups behind {@link io.virtkit.api.Connection#listAllDomains} and the three
 * {@code lookupDomainBy…} calls, in terms of whatever a driver turns into a {@link io.virtkit.api.Domain}
 * handle: its domain records ({@link DomainObjectList}) or references to them. {@link DriverConnection}
 * answers the API calls through it.
 *
 * @param <R> what a lookup finds
 */
@org.osgi.annotation.versioning.ConsumerType
public interface DomainLookup<R> {

    /** The domains {@code flags} select ({@link DomainListFilter}); none selects all. */
    List<R> list(DomainListFlag... flags);

    /** The domain named {@code name}; NO_DOMAIN ({@link DomainErrors#noDomainWithName}) when there is none. */
    R lookupByName(String name);

    /** The domain with {@code uuid}; NO_DOMAIN ({@link DomainErrors#noDomainWithUuid}) when there is none. */
    R lookupByUuid(UUID uuid);

    /** The running domain with {@code id}; NO_DOMAIN ({@link DomainErrors#noDomainWithId}) when none runs with it. */
    R lookupById(int id);
}
