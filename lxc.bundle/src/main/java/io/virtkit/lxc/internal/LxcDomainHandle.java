package io.virtkit.lxc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import io.virtkit.api.Connection;
import io.virtkit.api.ConsoleStream;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;

/** A thin handle: the connection and the domain's UUID and name; every call asks the state. */
final class LxcDomainHandle implements Domain {

    private final LxcConnection connection;
    private final UUID uuid;
    private final String name;

    LxcDomainHandle(LxcConnection connection, UUID uuid, String name) {
        this.connection = connection;
        this.uuid = uuid;
        this.name = name;
    }

    private LxcDomainObject object(String function) {
        connection.check(function);
        return connection.state().find(uuid, name);
    }

    private LxcState lxc() {
        return connection.state();
    }

    @Override
    public Connection connection() {
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
        return object("virDomainGetID").id;
    }

    @Override
    public String osType() {
        LxcDomainObject d = object("virDomainGetOSType");
        synchronized (d) {
            return d.def.os().type();
        }
    }

    @Override
    public void start(StartFlag... flags) {
        lxc().start(object("virDomainCreateWithFlags"), connection, LxcState.setOf(StartFlag.class, flags));
    }

    @Override
    public void shutdown() {
        lxc().shutdown(object("virDomainShutdown"));
    }

    @Override
    public void destroy() {
        lxc().destroy(object("virDomainDestroy"));
    }

    @Override
    public void suspend() {
        lxc().suspend(object("virDomainSuspend"));
    }

    @Override
    public void resume() {
        lxc().resume(object("virDomainResume"));
    }

    @Override
    public void reboot() {
        lxc().reboot(object("virDomainReboot"));
    }

    @Override
    public void undefine() {
        lxc().undefine(object("virDomainUndefine"));
    }

    @Override
    public DomainStateInfo state() {
        return lxc().state(object("virDomainGetState"));
    }

    @Override
    public DomainInfo info() {
        return lxc().info(object("virDomainGetInfo"));
    }

    @Override
    public String xml(XmlFlag... flags) {
        return lxc().xml(object("virDomainGetXMLDesc"), LxcState.setOf(XmlFlag.class, flags));
    }

    @Override
    public boolean autostart() {
        return object("virDomainGetAutostart").autostart;
    }

    @Override
    public void setAutostart(boolean autostart) {
        lxc().setAutostart(object("virDomainSetAutostart"), autostart);
    }

    @Override
    public boolean isActive() {
        return object("virDomainIsActive").isActive();
    }

    @Override
    public boolean isPersistent() {
        return object("virDomainIsPersistent").persistent;
    }

    /**
     * The container's console: what init writes from now on (read from the controller's log as it grows)
     * and what is written here goes to the console pty through the controller's input FIFO.
     */
    @Override
    public ConsoleStream openConsole(String device) {
        LxcDomainObject d = object("virDomainOpenConsole");
        if (device != null && !device.equals("console0")) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC, "cannot find console device '"
                    + device + "'");
        }
        if (!d.isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
        }
        try {
            LogTail output = LogTail.fromEnd(lxc().logFile(d.name()));
            FileChannel input = FileChannel.open(lxc().consoleInput(d.name()), StandardOpenOption.WRITE);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof LxcDomainHandle other && other.connection == connection && other.uuid.equals(uuid);
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
