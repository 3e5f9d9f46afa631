package io.virtkit.xen.internal.toolstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.xen.internal.channel.ChannelTimeoutException;
import io.virtkit.xen.internal.channel.CommandResult;
import io.virtkit.xen.internal.channel.ShellQuoting;
import io.virtkit.xen.internal.channel.XenChannel;

/**
 * The {@code xl} toolstack on the Xen host, through its channel: each method one command (one round trip over SSH),
 * failures as libvirt errors with xl's message, a lost or silent channel as a clear error naming the host.
 */
public final class XlToolstack {

    private final XenChannel channel;
    private final Duration timeout;
    /** Commands run so far: a reader that saw none run since its read knows its answer is still this channel's latest. */
    private final java.util.concurrent.atomic.AtomicLong commands = new java.util.concurrent.atomic.AtomicLong();

    public XlToolstack(XenChannel channel, Duration timeout) {
        this.channel = channel;
        this.timeout = timeout;
    }

    public XenChannel channel() {
        return channel;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Runs {@code xl ARGS…}; its output. Fails with xl's message when it fails. */
    public String xl(String... args) {
        List<String> words = new ArrayList<>(List.of("xl"));
        words.addAll(List.of(args));
        return checked("xl " + args[0], ShellQuoting.line(words), new byte[0], timeout);
    }

    /** How many commands this toolstack has run (see XenInventory's reuse of a read). */
    public long commandsRun() {
        return commands.get();
    }

    /** {@code xl info}'s fields. */
    public XlInfo info() {
        return XlInfo.parse(xl("info"));
    }

    /** The domains Xen runs now, Domain-0 first. */
    public List<XlListing> list() {
        return XlListing.parse(xl("list", "-v"));
    }

    /** {@code xl list -l DOMID}: the libxl configuration of a running domain (JSON), or null when it is gone. */
    public Object configOf(int domid) {
        CommandResult result = run(ShellQuoting.line("xl", "list", "-l", Integer.toString(domid)), new byte[0], timeout);
        if (!result.succeeded()) {
            return null;
        }
        Object json = XlJson.parse(result.stdout().isBlank() ? "[]" : result.stdout());
        return json instanceof List<?> list && !list.isEmpty() ? list.get(0) : null;
    }

    /**
     * {@code xl create} of a configuration given as text (written to a file of its own on the host first, removed
     * after). {@code paused}: created paused ({@code -p}).
     */
    public void create(String configText, boolean paused, Duration createTimeout) {
        create(configText, paused, createTimeout, "");
    }

    /**
     * As {@link #create(String, boolean, Duration)}, the host running {@code onFailure} (a shell line) itself when
     * xl fails, also when the SSH session was lost meanwhile ({@link XlCreateScript}).
     */
    public void create(String configText, boolean paused, Duration createTimeout, String onFailure) {
        checked("xl create", XlCreateScript.of(paused, onFailure), configText.getBytes(StandardCharsets.UTF_8),
                createTimeout);
    }

    /** Runs a shell line on the host that must succeed; its output. {@code what} names it in errors. */
    public String checked(String what, String command, byte[] stdin, Duration commandTimeout) {
        CommandResult result = run(command, stdin, commandTimeout);
        if (!result.succeeded()) {
            throw XlFailure.of(what, result);
        }
        return result.stdout();
    }

    /** Runs a shell line on the host however it ends; only a channel failure throws. */
    public CommandResult run(String command, byte[] stdin, Duration commandTimeout) {
        commands.incrementAndGet();
        try {
            return channel.run(command, stdin, commandTimeout);
        } catch (ChannelTimeoutException e) {
            throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.LIBXL,
                    e.getMessage() + " on Xen host " + channel.describe(), e);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LIBXL, "cannot run '"
                    + ShellQuoting.abbreviate(command) + "' on Xen host " + channel.describe() + ": " + e.getMessage(),
                    e);
        }
    }
}
