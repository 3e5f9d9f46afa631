package io.virtkit.lxc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

import io.virtkit.api.ConsoleStream;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.support.HostNode;
import io.virtkit.support.RecordDriverConnection;

/**
 * A connection to lxc:///: the domain entries are {@link RecordDriverConnection}'s over {@link LxcState};
 * the host facts and the console are the LXC driver's. Closing it destroys the containers it started with
 * AUTODESTROY.
 */
final class LxcConnection extends RecordDriverConnection<LxcDomainObject, LxcConnection> {

    private final LxcState state;

    LxcConnection(LxcState state, String uri, ConnectionEvents events) {
        super(state, uri, events);
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
    public NodeInfo nodeInfo() {
        return HostNode.nodeInfo(HostNode.arch());
    }

    @Override
    public String capabilities() {
        return HostFacts.capabilities();
    }

    @Override
    protected LxcConnection self() {
        return this;
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
}
