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
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

/**
 * Runs the toolstack on a Xen host over SSH (Apache MINA SSHD's client; the host needs only an SSH server). One
 * session carries every command as its own exec channel, so commands run concurrently; a lost session is opened
 * again by the next command. The host key must be in the known_hosts file unless the URI said {@code no_verify=1}.
 */
public final class SshXenChannel implements XenChannel {

    private final SshTarget target;
    private final SshClient client;
    private ClientSession session;
    private volatile boolean closed;

    public SshXenChannel(SshTarget target) {
        this.target = target;
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(target.noVerify() ? AcceptAllServerKeyVerifier.INSTANCE
                : new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, target.knownHosts()));
        if (!target.identities().isEmpty()) {
            client.setKeyIdentityProvider(new FileKeyPairProvider(target.identities()));
        }
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
        try (ChannelExec channel = session().createExecChannel(command)) {
            channel.setIn(new ByteArrayInputStream(stdin));
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(target.connectTimeout());
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            if (!events.contains(ClientChannelEvent.CLOSED)) {
                throw new ChannelTimeoutException(command, timeout);
            }
            Integer status = channel.getExitStatus();
            if (status == null) {
                throw new IOException("the SSH session to " + target + " ended while '" + command + "' ran");
            }
            return new CommandResult(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public RunningCommand start(String command) throws IOException {
        return start(command, false);
    }

    @Override
    public RunningCommand startOnTerminal(String command) throws IOException {
        return start(command, true);
    }

    private RunningCommand start(String command, boolean terminal) throws IOException {
        ChannelExec channel = session().createExecChannel(command);
        channel.setRedirectErrorStream(true);
        channel.setUsePty(terminal); // the server's terminal hangs up on the command when the channel closes
        channel.open().verify(target.connectTimeout());
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
                channel.close(true);
            }
        };
    }

    private synchronized ClientSession session() throws IOException {
        if (closed) {
            throw new IOException("the SSH channel to " + target + " is closed");
        }
        if (session == null || !session.isOpen()) {
            ClientSession fresh = client.connect(target.user(), target.host(), target.port())
                    .verify(target.connectTimeout()).getClientSession();
            try {
                fresh.auth().verify(target.connectTimeout());
            } catch (IOException | RuntimeException e) {
                fresh.close(true);
                throw e;
            }
            session = fresh;
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
