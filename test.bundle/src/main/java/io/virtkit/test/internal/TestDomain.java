package io.virtkit.test.internal;

import io.virtkit.api.DeviceModifyFlag;
import java.util.UUID;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.StartFlag;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.spi.FlagSet;

/**
 * A thin handle: the connection and the domain's UUID and name. Every call asks the state, so a
 * handle sees the domain's current facts and fails with NO_DOMAIN once it has gone.
 */
final class TestDomain implements Domain {

    private final TestConnection connection;
    private final TestState.Ref ref;

    TestDomain(TestConnection connection, TestState.Ref ref) {
        this.connection = connection;
        this.ref = ref;
    }

    private TestState state(String function) {
        connection.check(function);
        return connection.state();
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public String name() {
        return ref.name();
    }

    @Override
    public UUID uuid() {
        return ref.uuid();
    }

    @Override
    public int id() {
        return state("virDomainGetID").id(ref);
    }

    /** What libvirt's test driver reports for every domain, whatever its {@code <os><type>}. */
    @Override
    public String osType() {
        state("virDomainGetOSType").isActive(ref); // fails for a vanished domain
        return "linux";
    }

    @Override
    public void start(StartFlag... flags) {
        state("virDomainCreateWithFlags").start(ref, connection, FlagSet.of(StartFlag.class, flags));
    }

    @Override
    public void shutdown() {
        state("virDomainShutdown").shutdown(ref);
    }

    @Override
    public void destroy() {
        state("virDomainDestroy").destroy(ref);
    }

    @Override
    public void suspend() {
        state("virDomainSuspend").suspend(ref);
    }

    @Override
    public void resume() {
        state("virDomainResume").resume(ref);
    }

    @Override
    public void reboot() {
        state("virDomainReboot").reboot(ref);
    }

    @Override
    public void undefine() {
        state("virDomainUndefine").undefine(ref);
    }

    @Override
    public DomainStateInfo state() {
        return state("virDomainGetState").state(ref);
    }

    @Override
    public DomainInfo info() {
        return state("virDomainGetInfo").info(ref);
    }

    @Override
    public String xml(XmlFlag... flags) {
        return state("virDomainGetXMLDesc").xml(ref, FlagSet.of(XmlFlag.class, flags));
    }

    @Override
    public boolean autostart() {
        return state("virDomainGetAutostart").autostart(ref);
    }

    @Override
    public void setAutostart(boolean autostart) {
        state("virDomainSetAutostart").setAutostart(ref, autostart);
    }

    @Override
    public boolean isActive() {
        return state("virDomainIsActive").isActive(ref);
    }

    @Override
    public boolean isPersistent() {
        return state("virDomainIsPersistent").isPersistent(ref);
    }

    @Override
    public void attachDevice(String deviceXml, DeviceModifyFlag... flags) {
        state("virDomainAttachDeviceFlags").changeDevice(ref, deviceXml, true,
                FlagSet.of(DeviceModifyFlag.class, flags));
    }

    @Override
    public void detachDevice(String deviceXml, DeviceModifyFlag... flags) {
        state("virDomainDetachDeviceFlags").changeDevice(ref, deviceXml, false,
                FlagSet.of(DeviceModifyFlag.class, flags));
    }

    /** Two handles are equal when they name the same domain on the same connection. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TestDomain other && other.connection == connection && other.ref.uuid().equals(ref.uuid());
    }

    @Override
    public int hashCode() {
        return ref.uuid().hashCode();
    }

    @Override
    public String toString() {
        return "Domain[" + ref.name() + " " + ref.uuid() + " on " + connection.uri() + "]";
    }
}
