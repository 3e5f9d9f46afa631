package io.virtkit.support;

import java.util.Set;

import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.StartFlag;
import io.virtkit.api.XmlFlag;

/**
 * What a driver that keeps {@link DomainRecord}s does to one domain: the part of libvirt's per-driver
 * {@code virHypervisorDriver} table that every domain handle calls. Core checks
 * the connection; {@link RecordHypervisorConnection} finds the record and calls these; each fails as libvirt's driver does (NO_DOMAIN,
 * OPERATION_INVALID …).
 *
 * @param <D> the driver's domain record
 * @param <C> the driver's connection (the one a domain started with AUTODESTROY belongs to)
 */
@org.osgi.annotation.versioning.ConsumerType
public interface DomainOperations<D extends DomainRecord, C> {

    /** The driver's domains. */
    DomainObjectList<D> domains();

    /** Starts an inactive domain, on behalf of {@code caller}. */
    void start(D domain, C caller, Set<StartFlag> flags);

    void shutdown(D domain);

    void destroy(D domain);

    void suspend(D domain);

    void resume(D domain);

    void reboot(D domain);

    /** Makes the domain transient (it goes when it stops), or forgets it when it does not run. */
    void undefine(D domain);

    DomainStateInfo state(D domain);

    DomainInfo info(D domain);

    String xml(D domain, Set<XmlFlag> flags);

    void setAutostart(D domain, boolean autostart);
}
