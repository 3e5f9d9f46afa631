package io.virtkit.xen.internal.channel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;

/**
 * Runs the toolstack on a Xen host over SSH (Apache MINA SSHD's client; the host needs only an SSH server). One
 * session carries every command as its own exec channel, so commands run concurrently; a lost session is opened
 * again by the next command. The host key must be in the known_hosts file unless the URI said {@code no_verify=1}
 * ({@link HostKeyCheck}); the keys are tried first, then a password from the {@link PasswordPrompt}.
 *
 * <p>Every command runs tagged ({@link TaggedCommand}): one that times out, or a started one that is closed, is
 * killed on the host with everything it started, since SSH servers leave a command running when its channel closes.
 * A command whose session is lost while it runs fails with {@link ChannelLostException} and is left to itself.
 */
public final class SshXenChannel implements XenChannel {

    private final SshTarget target;
    private final SshClient client;
    private final ServerKeyVerifier hostKeys;
    private final PromptedPassword password;
    private ClientSession session;
    private volatile boolean closed;

    public SshXenChannel(SshTarget target) {
        this(target, PasswordPrompt.NONE);
    }

    public SshXenChannel(SshTarget target, PasswordPrompt prompt) {
        this.target = target;
        this.client = SshClient.setUpDefaultClient();
        this.hostKeys = HostKeyCheck.of(target);
        this.password = new PromptedPassword(target, prompt);
        client.setServerKeyVerifier(hostKeys);
        client.setKeyIdentityProvider(target.identities().isEmpty() ? KeyIdentityProvider.EMPTY_KEYS_PROVIDER
                : new FileKeyPairProvider(target.identities()));
        client.setUserInteraction(password);
        client.start();
    }

    /** Connects and logs in now, so that a bad host, key or login fails the connection's open. */
    public SshXenChannel connect() throws IOException {
        session();
        return this;
    }

    @Override
    public CommandResult run(String command, byte[] stdin, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TaggedCommand tagged = TaggedCommand.of(command);
        try (ChannelExec channel = open(tagged, stdin, out, err)) {
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            if (!events.contains(ClientChannelEvent.CLOSED)) {
                channel.close(true);
                stop(tagged);
                throw new ChannelTimeoutException(ShellQuoting.abbreviate(command), timeout);
            }
            Integer status = channel.getExitStatus();
            if (status != null) {
                return new CommandResult(status, out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
            }
            if (channel.getExitSignal() != null) {
                return new CommandResult(128, out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8) + "\n(killed by signal " + channel.getExitSignal() + ")");
            }
            throw new ChannelLostException("the SSH session to " + target + " ended while '"
                    + ShellQuoting.abbreviate(command) + "' ran");
        }
    }

    /**
     * Opens an exec channel for the command. A session found lost only now (the server went away since the last
     * command) is opened again once: the command cannot have started on it.
     */
    private ChannelExec open(TaggedCommand tagged, byte[] stdin, OutputStream out, OutputStream err)
            throws IOException {
        for (int attempt = 0;; attempt++) {
            ClientSession current = session();
            ChannelExec channel = null;
            try {
                channel = current.createExecChannel(tagged.line());
                if (out == null) {
                    channel.setRedirectErrorStream(true);
                } else {
                    channel.setIn(new ByteArrayInputStream(stdin));
                    channel.setOut(out);
                    channel.setErr(err);
                }
                channel.open().verify(target.connectTimeout());
                return channel;
            } catch (IOException | RuntimeException e) {
                if (channel != null) {
                    channel.close(true);
                }
                if (attempt > 0 || (current.isOpen() && !current.isClosing())) {
                    throw e;
                }
            }
        }
    }

    /** Kills what a command started on the host; best effort (the session may be gone). */
    private void stop(TaggedCommand tagged) {
        try (ChannelExec kill = session().createExecChannel(tagged.killLine())) {
            kill.open().verify(target.connectTimeout());
            kill.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), target.connectTimeout());
        } catch (IOException | RuntimeException e) {
            // the host is unreachable: nothing can be stopped there
        }
    }

    @Override
    public RunningCommand start(String command) throws IOException {
        TaggedCommand tagged = TaggedCommand.of(command);
        ChannelExec channel = open(tagged, null, null, null);
        return new RunningCommand() {
            @Override
            public InputStream stdout() {
                return channel.getInvertedOut();
            }

            @Override
            public OutputStream stdin() {
                return channel.getInvertedIn();
            }

            @Override
            public boolean isAlive() {
                return channel.isOpen() && !channel.isClosing();
            }

            @Override
            public void close() {
                boolean running = isAlive();
                channel.close(true);
                if (running && !closed) {
                    stop(tagged);
                }
            }
        };
    }

    private synchronized ClientSession session() throws IOException {
        if (closed) {
            throw new IOException("the SSH channel to " + target + " is closed");
        }
        if (session == null || !session.isOpen() || session.isClosing()) {
            session = SshLogin.open(client, target, hostKeys, password);
        }
        return session;
    }

    @Override
    public String describe() {
        return target.toString();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            if (session != null) {
                session.close(true);
            }
        } finally {
            client.stop();
        }
    }
}
