package io.virtkit.support;

import java.util.EnumSet;
import java.util.Set;

import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainState;

/**
 * Decides whether a domain is listed by {@link io.virtkit.api.Connection#listAllDomains}, as libvirt's
 * {@code virConnectListAllDomains} filters: flags of one {@link DomainListFlag#group() group} are
 * alternatives (ACTIVE or INACTIVE), groups must all match, a group without flags matches everything.
 * Every driver filters the same way, so this lives in the SPI. Immutable.
 */
public final class DomainListFilter {

    private final Set<DomainListFlag> flags;

    private DomainListFilter(Set<DomainListFlag> flags) {
        this.flags = flags;
    }

    /** The filter for {@code flags}; none (or {@code null}) lists every domain. */
    public static DomainListFilter of(DomainListFlag... flags) {
        EnumSet<DomainListFlag> set = EnumSet.noneOf(DomainListFlag.class);
        if (flags != null) {
            for (DomainListFlag f : flags) {
                if (f != null) {
                    set.add(f);
                }
            }
        }
        return new DomainListFilter(set);
    }

    /**
     * Whether a domain with these properties is listed.
     *
     * @param active     whether it runs (has an id)
     * @param persistent whether it has a persistent definition
     * @param state      its current state
     * @param autostart  whether it starts with the host
     */
    public boolean matches(boolean active, boolean persistent, DomainState state, boolean autostart) {
        return matches(active, persistent, state, autostart, false);
    }

    /**
     * Whether a domain with these properties is listed, for a driver that keeps managed save images (a domain
     * of the others has none: MANAGEDSAVE lists none of them, NO_MANAGEDSAVE all).
     *
     * @param managedSave whether it has a managed save image
     * @since 1.5
     */
    public boolean matches(boolean active, boolean persistent, DomainState state, boolean autostart,
            boolean managedSave) {
        return group(DomainListFlag.ACTIVE, DomainListFlag.INACTIVE, active)
                && group(DomainListFlag.PERSISTENT, DomainListFlag.TRANSIENT, persistent)
                && stateGroup(state)
                && group(DomainListFlag.MANAGEDSAVE, DomainListFlag.NO_MANAGEDSAVE, managedSave)
                && group(DomainListFlag.AUTOSTART, DomainListFlag.NO_AUTOSTART, autostart);
    }

    private boolean group(DomainListFlag yes, DomainListFlag no, boolean value) {
        if (!flags.contains(yes) && !flags.contains(no)) {
            return true;
        }
        return value ? flags.contains(yes) : flags.contains(no);
    }

    private boolean stateGroup(DomainState state) {
        boolean running = flags.contains(DomainListFlag.RUNNING);
        boolean paused = flags.contains(DomainListFlag.PAUSED);
        boolean shutoff = flags.contains(DomainListFlag.SHUTOFF);
        boolean other = flags.contains(DomainListFlag.OTHER);
        if (!(running || paused || shutoff || other)) {
            return true;
        }
        return switch (state) {
            case RUNNING -> running;
            case PAUSED -> paused;
            case SHUTOFF -> shutoff;
            default -> other;
        };
    }

    @Override
    public String toString() {
        return "DomainListFilter" + flags;
    }
}
