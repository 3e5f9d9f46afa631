package io.virtkit.api.spi;

import java.util.Objects;
import java.util.UUID;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.StartFlag;
import io.virtkit.api.XmlFlag;

/**
 * A thin {@link Domain} handle as libvirt's {@code virDomainPtr}: a connection and the domain's UUID and
 * name, nothing else. Every call checks the connection (INVALID_CONN once closed), finds the driver's
 * {@link DomainRecord} again and asks the driver's {@link DomainOperations}, so a handle sees the domain's
 * current facts and fails with NO_DOMAIN once it has gone. Drivers extend it with what only they offer
 * (consoles, devices, statistics). Two handles are equal when they are of the same class, on the same
 * connection, for the same UUID.
 *
 * @param <D> the driver's domain record
 * @param <C> the driver's connection
 */
@org.osgi.annotation.versioning.ConsumerType
public abstract class DomainRecordHandle<D extends DomainRecord, C extends DriverConnection<D>> implements Domain {

    private final C connection;
    private final UUID uuid;
    private final String name;

    protected DomainRecordHandle(C connection, UUID uuid, String name) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.uuid = Objects.requireNonNull(uuid, "uuid");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The driver's operations on its domains. */
    protected abstract DomainOperations<D, C> operations();

    /**
     * The domain's record, after checking the connection; {@code function} is libvirt's name of the call
     * ("virDomainSuspend"), for the INVALID_CONN error.
     */
    protected final D record(String function) {
        connection.check(function);
        return operations().domains().find(uuid, name);
    }

    @Override
    public C connection() {
        return connection;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public UUID uuid() {
        return uuid;
    }

    @Override
    public int id() {
        return record("virDomainGetID").id();
    }

    /** The {@code <os><type>} of the definition ("hvm", "exe"). */
    @Override
    public String osType() {
        D d = record("virDomainGetOSType");
        synchronized (d) {
            return d.definition().os().type();
        }
    }

    @Override
    public void start(StartFlag... flags) {
        D d = record("virDomainCreateWithFlags");
        operations().start(d, connection, FlagSet.of(StartFlag.class, flags));
    }

    @Override
    public void shutdown() {
        operations().shutdown(record("virDomainShutdown"));
    }

    @Override
    public void destroy() {
        operations().destroy(record("virDomainDestroy"));
    }

    @Override
    public void suspend() {
        operations().suspend(record("virDomainSuspend"));
    }

    @Override
    public void resume() {
        operations().resume(record("virDomainResume"));
    }

    @Override
    public void reboot() {
        operations().reboot(record("virDomainReboot"));
    }

    @Override
    public void undefine() {
        operations().undefine(record("virDomainUndefine"));
    }

    @Override
    public DomainStateInfo state() {
        return operations().state(record("virDomainGetState"));
    }

    @Override
    public DomainInfo info() {
        return operations().info(record("virDomainGetInfo"));
    }

    @Override
    public String xml(XmlFlag... flags) {
        return operations().xml(record("virDomainGetXMLDesc"), FlagSet.of(XmlFlag.class, flags));
    }

    @Override
    public boolean autostart() {
        return record("virDomainGetAutostart").isAutostart();
    }

    @Override
    public void setAutostart(boolean autostart) {
        operations().setAutostart(record("virDomainSetAutostart"), autostart);
    }

    @Override
    public boolean isActive() {
        return record("virDomainIsActive").isActive();
    }

    @Override
    public boolean isPersistent() {
        return record("virDomainIsPersistent").isPersistent();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((DomainRecordHandle<?, ?>) o).connection == connection
                && ((DomainRecordHandle<?, ?>) o).uuid.equals(uuid);
    }

    @Override
    public int hashCode() {
        return uuid.hashCode();
    }

    @Override
    public String toString() {
        return "Domain[" + name + " " + uuid + " on " + connection.uri() + "]";
    }
}
