package io.virtkit.lxc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import io.virtkit.api.ConsoleStream;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.spi.DomainRecordHandle;

/** A handle on a container: the common calls are {@link DomainRecordHandle}'s; the console is the LXC driver's. */
final class LxcDomainHandle extends DomainRecordHandle<LxcDomainObject, LxcConnection> {

    LxcDomainHandle(LxcConnection connection, UUID uuid, String name) {
        super(connection, uuid, name);
    }

    @Override
    protected LxcState operations() {
        return connection().state();
    }

    /**
     * The container's console: what init writes from now on (read from the controller's log as it grows)
     * and what is written here goes to the console pty through the controller's input FIFO.
     */
    @Override
    public ConsoleStream openConsole(String device) {
        LxcDomainObject d = record("virDomainOpenConsole");
        if (device != null && !device.equals("console0")) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC, "cannot find console device '"
                    + device + "'");
        }
        if (!d.isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
        }
        try {
            LogTail output = LogTail.fromEnd(operations().logFile(d.name()));
            FileChannel input = FileChannel.open(operations().consoleInput(d.name()), StandardOpenOption.WRITE);
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
