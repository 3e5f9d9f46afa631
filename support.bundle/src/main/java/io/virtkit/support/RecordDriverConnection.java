package io.virtkit.support;

import java.util.Objects;
import java.util.Set;

import io.virtkit.api.StartFlag;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DriverFlags;

/**
 * A connection to a {@link RecordDriverState}: the domain entries are {@link RecordHypervisorConnection}'s
 * over the state, and a domain answers (lookups, id, flags, listings) only once activation's task for it is
 * done, as libvirt's reconnect holds the domain's job; the host's name and sysinfo are the host's. Drivers
 * extend it with their other host facts and what only they offer. Closing it destroys the domains it started with AUTODESTROY.
 *
 * @param <D> the driver's domain record
 * @param <C> the driver's connection class itself
 */
@org.osgi.annotation.versioning.ConsumerType
public abstract class RecordDriverConnection<D extends JobDomainRecord, C extends RecordDriverConnection<D, C>>
        extends RecordHypervisorConnection<D, C> {

    private final RecordDriverState<D, C> state;

    protected RecordDriverConnection(RecordDriverState<D, C> state, String uri, ConnectionEvents events) {
        super(uri, events);
        this.state = Objects.requireNonNull(state, "state");
    }

    @Override
    public String hostname() {
        return state.hostname();
    }

    /** The host's SMBIOS (libvirt's local drivers report the host's sysinfo). */
    @Override
    public String sysinfo(long flags) {
        DriverFlags.check(flags, 0, "virConnectGetSysinfo");
        return HostSysinfo.sysinfo();
    }

    @Override
    protected RecordDriverState<D, C> operations() {
        return state;
    }

    @Override
    protected D define(String xml) {
        return state.define(xml);
    }

    @Override
    protected D create(String xml, Set<StartFlag> flags) {
        return state.create(xml, self(), flags);
    }

    @Override
    protected void closed(boolean autodestroy) {
        state.detach(self(), autodestroy);
    }

    @Override
    protected void awaitReady(D d) {
        state.awaitReady(d);
    }

    @Override
    protected void awaitAllReady() {
        state.awaitAllReady();
    }
}
