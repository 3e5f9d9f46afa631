package io.virtkit.lxc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.virtkit.api.ConsoleStream;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.support.DomainOperations;
import io.virtkit.support.HostNode;
import io.virtkit.support.HostSysinfo;
import io.virtkit.support.RecordHypervisorConnection;

/**
 * A connection to lxc:///: the domain entries are {@link RecordHypervisorConnection}'s over {@link LxcState};
 * the host facts and the console are the LXC driver's. Closing it destroys the containers it started with
 * AUTODESTROY.
 */
final class LxcConnection extends RecordHypervisorConnection<LxcDomainObject, LxcConnection> {

    private final LxcDriver driver;
    private final LxcState state;

    LxcConnection(LxcDriver driver, LxcState state, String uri, ConnectionEvents events) {
        super(uri, events);
        this.driver = driver;
        this.state = state;
    }

    @Override
    public String type() {
        return "LXC";
    }

    /** libvirt's LXC driver reports the kernel's version (major * 1,000,000 + minor * 1,000 + release). */
    @Override
    public long hypervisorVersion() {
        return HostNode.kernelVersion();
    }

    @Override
    public String hostname() {
        return driver.hostname();
    }

    @Override
    public NodeInfo nodeInfo() {
        return HostNode.nodeInfo(HostNode.arch());
    }

    @Override
    public String sysinfo(long flags) {
        DriverFlags.check(flags, 0, "virConnectGetSysinfo");
        return HostSysinfo.sysinfo();
    }

    @Override
    public String capabilities() {
        return HostFacts.capabilities();
    }

    /**
     * The container's console: what init writes from now on (read from the controller's log as it grows)
     * and what is written here goes to the console pty through the controller's input FIFO.
     */
    @Override
    public ConsoleStream openConsole(DomainRef domain, String device, long flags) {
        DriverFlags.check(flags, 0, "virDomainOpenConsole");
        LxcDomainObject d = readyRecord(domain);
        if (device != null && !device.equals("console0")) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC, "cannot find console device '"
                    + device + "'");
        }
        if (!d.isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
        }
        try {
            LogTail output = LogTail.fromEnd(state.logFile(d.name()));
            FileChannel input = FileChannel.open(state.consoleInput(d.name()), StandardOpenOption.WRITE);
            return new Console(output, Channels.newOutputStream(input), input);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LXC,
                    "cannot open console console0: " + e.getMessage(), e);
        }
    }

    private record Console(InputStream input, OutputStream output, FileChannel channel) implements ConsoleStream {
        @Override
        public void close() {
            try {
                input.close();
                channel.close();
            } catch (IOException e) {
                // detaching anyway
            }
        }
    }

    // ---- a domain answers once activation has reconnected it (LxcState.awaitReady) ----------------

    @Override
    public List<DomainRef> listAllDomains(long flags) {
        state.awaitAllReady();
        return super.listAllDomains(flags);
    }

    @Override
    public DomainRef lookupDomainByName(String name) {
        return ready(state.domains().lookupByName(name));
    }

    @Override
    public DomainRef lookupDomainByUuid(UUID uuid) {
        return ready(state.domains().lookupByUuid(uuid));
    }

    @Override
    public DomainRef lookupDomainById(int id) {
        state.awaitAllReady(); // ids are known once reconnected
        return super.lookupDomainById(id);
    }

    @Override
    public int domainId(DomainRef domain) {
        return readyRecord(domain).id();
    }

    @Override
    public boolean domainIsActive(DomainRef domain) {
        return readyRecord(domain).isActive();
    }

    @Override
    public boolean domainIsPersistent(DomainRef domain) {
        return readyRecord(domain).isPersistent();
    }

    @Override
    public boolean domainAutostart(DomainRef domain) {
        return readyRecord(domain).isAutostart();
    }

    private DomainRef ready(LxcDomainObject d) {
        state.awaitReady(d);
        return ref(d);
    }

    private LxcDomainObject readyRecord(DomainRef domain) {
        LxcDomainObject d = record(domain);
        state.awaitReady(d);
        return d;
    }

    @Override
    protected DomainOperations<LxcDomainObject, LxcConnection> operations() {
        return state;
    }

    @Override
    protected LxcConnection self() {
        return this;
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
}
