package io.virtkit.xen.internal.channel;

import java.io.IOException;
import java.time.Duration;

/**
 * Where the Xen driver runs the toolstack: dom0 itself ({@code xen:///system}, {@link LocalXenChannel}) or a Xen
 * host over SSH ({@code xen://host/system}, {@link SshXenChannel}). Commands are POSIX shell lines (quote arguments
 * with {@link ShellQuoting}) run as the channel's user. Implementations are thread-safe.
 */
public interface XenChannel extends AutoCloseable {

    /**
     * Runs a command line to its end, feeding it {@code stdin} (may be empty).
     *
     * @throws ChannelTimeoutException when it did not end within {@code timeout} (it is stopped)
     * @throws IOException when the channel failed (the host unreachable, the SSH session lost)
     */
    CommandResult run(String command, byte[] stdin, Duration timeout) throws IOException;

    /** Runs a command line without input. */
    default CommandResult run(String command, Duration timeout) throws IOException {
        return run(command, new byte[0], timeout);
    }

    /**
     * Starts a long-running command (a watch, a console) whose streams the caller reads and writes; closing the
     * returned command stops it.
     */
    RunningCommand start(String command) throws IOException;

    /**
     * Starts a long-running command on a terminal of its own, for programs that only talk to a terminal (xl's
     * console client reads its input only from one, and leaves when the terminal hangs up, that is when the
     * returned command is closed). Where no terminal can be had this is {@link #start}.
     */
    default RunningCommand startOnTerminal(String command) throws IOException {
        return start(command);
    }

    /** Where commands run, for messages: {@code "local"} or {@code "root@host:22"}. */
    String describe();

    /** Whether the channel can still run commands (a lost SSH session is opened again on the next command). */
    boolean isOpen();

    @Override
    void close();
}
