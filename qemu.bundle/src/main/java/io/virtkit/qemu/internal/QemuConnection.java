package io.virtkit.qemu.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainEventListener;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.Registration;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.domain.DomainDefinition;
import io.virtkit.api.domain.DomainXmlCodec;
import io.virtkit.api.spi.DomainErrors;
import io.virtkit.api.spi.EventDispatcher;
import io.virtkit.qemu.internal.command.QemuCommandLine;

/**
 * A connection to a {@link QemuState} (qemu:///system or qemu:///session). Its event dispatcher turns
 * the state's events into {@link DomainEvent}s with handles on this connection. Closing it destroys the
 * domains it started with AUTODESTROY; any call afterwards fails with INVALID_CONN.
 */
final class QemuConnection implements Connection {

    /** Virtkit's own version, libvirt-encoded (0.1.0). */
    static final long LIBRARY_VERSION = 1_000;

    private final QemuDriver driver;
    private final QemuState state;
    private final String uri;
    private final EventDispatcher<DomainEvent> events;
    private volatile boolean alive = true;

    QemuConnection(QemuDriver driver, QemuState state, String uri) {
        this.driver = driver;
        this.state = state;
        this.uri = uri;
        this.events = new EventDispatcher<>("virtkit-events " + uri);
    }

    QemuState state() {
        return state;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String type() {
        check("virConnectGetType");
        return "QEMU";
    }

    @Override
    public long hypervisorVersion() {
        check("virConnectGetVersion");
        return state.hypervisorVersion();
    }

    @Override
    public long libraryVersion() {
        check("virConnectGetLibVersion");
        return LIBRARY_VERSION;
    }

    @Override
    public String hostname() {
        check("virConnectGetHostname");
        return driver.hostname();
    }

    @Override
    public NodeInfo nodeInfo() {
        check("virNodeGetInfo");
        return HostFacts.nodeInfo();
    }

    @Override
    public String sysinfo() {
        check("virConnectGetSysinfo");
        return HostSysinfo.sysinfo();
    }

    @Override
    public String capabilities() {
        check("virConnectGetCapabilities");
        return HostFacts.capabilities(state.settings().emulator());
    }

    @Override
    public List<Domain> listAllDomains(DomainListFlag... flags) {
        check("virConnectListAllDomains");
        return state.list(flags).stream().map(this::handle).toList();
    }

    @Override
    public Domain lookupDomainByName(String name) {
        check("virDomainLookupByName");
        return handle(state.lookupByName(name));
    }

    @Override
    public Domain lookupDomainByUuid(UUID uuid) {
        check("virDomainLookupByUUID");
        return handle(state.lookupByUuid(uuid));
    }

    @Override
    public Domain lookupDomainById(int id) {
        check("virDomainLookupByID");
        return handle(state.lookupById(id));
    }

    @Override
    public Domain defineDomain(String xml) {
        check("virDomainDefineXML");
        return handle(state.define(xml));
    }

    @Override
    public Domain createDomain(String xml, StartFlag... flags) {
        check("virDomainCreateXML");
        return handle(state.create(xml, this, QemuState.setOf(StartFlag.class, flags)));
    }

    /** {@code qemu-argv}: the command line the driver would run, as one shell line (virsh domxml-to-native). */
    @Override
    public String domainXmlToNative(String nativeFormat, String xml) {
        check("virConnectDomainXMLToNative");
        if (!"qemu-argv".equals(nativeFormat)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                    "unsupported config type " + nativeFormat);
        }
        DomainDefinition def = QemuState.prepare(DomainXmlCodec.parse(xml));
        String emulator = def.devices().emulator() != null ? def.devices().emulator() : state.settings().emulator();
        Path monitor = state.monitorSocket(def.name());
        return QemuCommandLine.toShellString(QemuCommandLine.build(def, emulator, monitor));
    }

    @Override
    public Registration addDomainEventListener(DomainEventListener listener) {
        Objects.requireNonNull(listener, "listener");
        check("virConnectDomainEventRegisterAny");
        return events.addListener(listener::onEvent);
    }

    @Override
    public boolean isAlive() {
        return alive;
    }

    @Override
    public void close() {
        close(true);
    }

    /** The driver is going away: let go without destroying AUTODESTROY guests (they outlive the driver). */
    void closeWithoutAutodestroy() {
        close(false);
    }

    private void close(boolean autodestroy) {
        synchronized (this) {
            if (!alive) {
                return;
            }
            alive = false;
        }
        events.close();
        state.detach(this, autodestroy);
        driver.closed(this);
    }

    /** Called by the state for every change, possibly holding a domain's monitor: only queues. */
    void deliver(UUID uuid, String name, DomainEventDetail detail) {
        if (alive && events.hasListeners()) {
            events.dispatch(new DomainEvent(new QemuDomainHandle(this, uuid, name), detail));
        }
    }

    void check(String function) {
        if (!alive) {
            throw DomainErrors.invalidConnection(function);
        }
    }

    private Domain handle(QemuDomainObject d) {
        return new QemuDomainHandle(this, d.uuid(), d.name());
    }

    @Override
    public String toString() {
        return "QemuConnection[" + uri + (alive ? "" : ", closed") + "]";
    }
}
