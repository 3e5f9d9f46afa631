package io.virtkit.xen.internal;

import java.util.UUID;

import io.virtkit.api.DomainState;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.xen.internal.toolstack.XlListing;

/**
 * One domain as the Xen host shows it at one moment: what Xen runs ({@code live}, from {@code xl list -v}) and what
 * is defined on the host ({@code definition}, the XML kept in {@link XenHostFiles#DEFINITIONS}).
 *
 * @param name       its name
 * @param uuid       its UUID
 * @param live       its row of {@code xl list -v}, or null when it does not run
 * @param definition its persistent XML, or null for a transient domain
 * @param autostart  whether it starts when the host does
 * @param managedSave whether a managed save image waits for its next start ({@link XenHostFiles#managedSave})
 */
public record XenDomain(String name, UUID uuid, XlListing live, String definition, boolean autostart,
        boolean managedSave) {

    /** A domain without a managed save image. */
    public XenDomain(String name, UUID uuid, XlListing live, String definition, boolean autostart) {
        this(name, uuid, live, definition, autostart, false);
    }

    public boolean active() {
        return live != null;
    }

    public boolean persistent() {
        return definition != null || isDom0();
    }

    public boolean isDom0() {
        return live != null && live.id() == 0;
    }

    public int id() {
        return live == null ? -1 : live.id();
    }

    public DomainState state() {
        return live == null ? DomainState.SHUTOFF : live.state();
    }

    public DomainRef ref() {
        return new DomainRef(name, uuid, id());
    }
}
