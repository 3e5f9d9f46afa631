package io.virtkit.lxc.internal;

import java.util.Set;

import io.virtkit.api.Domain;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.StartFlag;
import io.virtkit.api.spi.DomainObjectList;
import io.virtkit.api.spi.DriverConnection;
import io.virtkit.api.spi.HostNode;

/** A connection to lxc:///. Closing it destroys the containers it started with AUTODESTROY. */
final class LxcConnection extends DriverConnection<LxcDomainObject> {

    private final LxcDriver driver;
    private final LxcState state;

    LxcConnection(LxcDriver driver, LxcState state, String uri) {
        super(uri);
        this.driver = driver;
        this.state = state;
    }

    LxcState state() {
        return state;
    }

    @Override
    public String type() {
        check("virConnectGetType");
        return "LXC";
    }

    /** libvirt's LXC driver reports the kernel's version (major * 1,000,000 + minor * 1,000 + release). */
    @Override
    public long hypervisorVersion() {
        check("virConnectGetVersion");
        return HostNode.kernelVersion();
    }

    @Override
    public String hostname() {
        check("virConnectGetHostname");
        return driver.hostname();
    }

    @Override
    public NodeInfo nodeInfo() {
        check("virNodeGetInfo");
        return HostNode.nodeInfo(HostNode.arch());
    }

    @Override
    public String sysinfo() {
        check("virConnectGetSysinfo");
        return io.virtkit.api.spi.HostSysinfo.sysinfo();
    }

    @Override
    public String capabilities() {
        check("virConnectGetCapabilities");
        return HostFacts.capabilities();
    }

    @Override
    protected DomainObjectList<LxcDomainObject> domains() {
        return state.domains();
    }

    @Override
    protected LxcDomainObject define(String xml) {
        return state.define(xml);
    }

    @Override
    protected LxcDomainObject create(String xml, Set<StartFlag> flags) {
        return state.create(xml, this, flags);
    }

    @Override
    protected void closed(boolean autodestroy) {
        state.detach(this, autodestroy);
    }

    @Override
    protected Domain handle(LxcDomainObject d) {
        return new LxcDomainHandle(this, d.uuid(), d.name());
    }
}
