package io.virtkit.qemu.internal;

import java.nio.file.Path;
import java.util.Set;

import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.domain.DomainDefinition;
import io.virtkit.api.domain.DomainXmlCodec;
import io.virtkit.api.spi.DomainObjectList;
import io.virtkit.api.spi.DriverConnection;
import io.virtkit.api.spi.HostNode;
import io.virtkit.qemu.internal.command.QemuCommandLine;

/**
 * A connection to a {@link QemuState} (qemu:///system or qemu:///session); its events carry handles on
 * this connection. Closing it destroys the domains it started with AUTODESTROY; any call afterwards fails
 * with INVALID_CONN.
 */
final class QemuConnection extends DriverConnection<QemuDomainObject> {

    private final QemuDriver driver;
    private final QemuState state;

    QemuConnection(QemuDriver driver, QemuState state, String uri) {
        super(uri);
        this.driver = driver;
        this.state = state;
    }

    QemuState state() {
        return state;
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
    public String hostname() {
        check("virConnectGetHostname");
        return driver.hostname();
    }

    @Override
    public NodeInfo nodeInfo() {
        check("virNodeGetInfo");
        return HostNode.nodeInfo(HostFacts.CPU_MODEL);
    }

    @Override
    public String sysinfo() {
        check("virConnectGetSysinfo");
        return io.virtkit.api.spi.HostSysinfo.sysinfo();
    }

    @Override
    public String capabilities() {
        check("virConnectGetCapabilities");
        return HostFacts.capabilities(state.settings().emulator(), state.kvmVerdict().usable());
    }

    @Override
    protected DomainObjectList<QemuDomainObject> domains() {
        return state.domains();
    }

    @Override
    protected QemuDomainObject define(String xml) {
        return state.define(xml);
    }

    @Override
    protected QemuDomainObject create(String xml, Set<StartFlag> flags) {
        return state.create(xml, this, flags);
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
    protected void closed(boolean autodestroy) {
        state.detach(this, autodestroy);
        driver.closed(this);
    }

    @Override
    protected Domain handle(QemuDomainObject d) {
        return new QemuDomainHandle(this, d.uuid(), d.name());
    }
}
