package io.virtkit.support;

import io.virtkit.model.domain.DomainDefinition;

/**
 * What {@link RecordDriverState}'s shared operations read of a domain's run (a QEMU process, a container),
 * holding the domain's monitor.
 *
 * @param <C> the driver's connection
 */
public interface GuestRun<C> {
    /** The definition the run runs, with its runtime values (pty paths, VNC port …). */
    DomainDefinition liveDefinition();

    /** The connection that started the run with AUTODESTROY, or null. */
    C autodestroyOwner();
}
