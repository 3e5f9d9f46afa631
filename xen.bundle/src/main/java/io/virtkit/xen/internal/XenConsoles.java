package io.virtkit.xen.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import io.virtkit.api.ConsoleStream;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.xen.internal.channel.RunningCommand;
import io.virtkit.xen.internal.channel.ShellQuoting;
import io.virtkit.xen.internal.toolstack.XlToolstack;

/**
 * {@code virDomainOpenConsole} for Xen domains: {@code xl console} of the chosen device runs on the host as a
 * streaming command on a terminal (over SSH its own exec channel with a pty), its output is what the guest writes and
 * what is written to the stream reaches the guest. xl's console client needs the terminal: it reads no input that is
 * not one, and does not leave when such input ends; on a terminal it works raw (bytes pass unchanged). Closing the
 * stream closes the command and ends the client by its pid (which the command prints first), since an SSH server may
 * keep the terminal open while the client runs; so no client is left on the host.
 */
final class XenConsoles {

    /** libvirt's {@code VIR_DOMAIN_CONSOLE_FORCE}, which its libxl driver accepts. */
    static final long FORCE = 1;

    private final XlToolstack xl;
    private final XenInventory inventory;
    private final XenDomainXml domainXml;

    XenConsoles(XlToolstack xl, XenInventory inventory, XenDomainXml domainXml) {
        this.xl = xl;
        this.inventory = inventory;
        this.domainXml = domainXml;
    }

    ConsoleStream open(DomainRef ref, String device, long flags) {
        DriverFlags.check(flags, FORCE, "virDomainOpenConsole");
        XenDomain domain = inventory.of(ref);
        if (domain.isDom0()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL,
                    "Domain-0 does not support requested operation");
        }
        if (!domain.active()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL, "domain is not running");
        }
        XenConsoleDevice target = XenConsoleDevice.find(domainXml.liveDefinition(domain), device);
        // the shell's pid is the client's: xl execs it
        String command = "echo $$; exec " + ShellQuoting.line("xl", "console", "-t", target.type(), "-n",
                Integer.toString(target.number()), Integer.toString(domain.id()));
        try {
            RunningCommand running = xl.channel().startOnTerminal(command);
            try {
                return new Stream(running, readPid(running.stdout()), xl);
            } catch (IOException | RuntimeException e) {
                running.close();
                throw e;
            }
        } catch (IOException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LIBXL, "cannot open console "
                    + target.name() + " on Xen host " + xl.channel().describe() + ": " + e.getMessage(), e);
        }
    }

    /** The first line the command writes: the client's pid. */
    private static long readPid(InputStream out) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = out.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        try {
            return Long.parseLong(line.toString().strip());
        } catch (NumberFormatException e) {
            throw new IOException("the console command did not start: " + line, e);
        }
    }

    /** The console's streams over the running {@code xl console}. */
    private record Stream(RunningCommand command, long pid, XlToolstack xl) implements ConsoleStream {
        @Override
        public InputStream input() {
            return command.stdout();
        }

        @Override
        public OutputStream output() {
            return command.stdin();
        }

        @Override
        public void close() {
            try {
                command.stdin().close();
            } catch (IOException e) {
                // the command is stopped below anyway
            } finally {
                command.close();
                // the SSH server may keep the terminal (and so the client) until the client ends: end it
                xl.run("grep -q xenconsole /proc/" + pid + "/cmdline 2>/dev/null && kill " + pid + "; true",
                        new byte[0], xl.timeout());
            }
        }
    }
}
