package io.virtkit.xen.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.RequiredServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * Commands run in the nested host's dom0 as root over SSH (Apache MINA SSHD's client, dropbear's server), the host
 * key pinned to the one dom0 printed on its console. One session is kept and opened again when it was lost.
 */
public final class Dom0Ssh implements AutoCloseable {
    /** What a command printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private static final Duration CONNECT = Duration.ofSeconds(30);

    private final SshClient client;
    private final int port;
    private final KeyPair identity;
    private ClientSession session;

    Dom0Ssh(int port, PublicKey hostKey, KeyPair identity) {
        this.port = port;
        this.identity = identity;
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new RequiredServerKeyVerifier(hostKey));
        client.start();
    }

    /** Runs a command line in dom0's root shell (PATH as dropbear sets it), with a deadline. */
    synchronized Result run(String command, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session().createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(CONNECT);
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            if (!events.contains(ClientChannelEvent.CLOSED)) {
                throw new IOException("dom0 command did not finish within " + timeout + ": " + command
                        + "\nstdout: " + out.toString(StandardCharsets.UTF_8) + "\nstderr: "
                        + err.toString(StandardCharsets.UTF_8));
            }
            Integer status = channel.getExitStatus();
            return new Result(status == null ? -1 : status, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    private ClientSession session() throws IOException {
        if (session == null || !session.isOpen()) {
            ClientSession fresh = client.connect("root", "127.0.0.1", port).verify(CONNECT).getClientSession();
            try {
                fresh.addPublicKeyIdentity(identity);
                fresh.auth().verify(CONNECT);
            } catch (IOException | RuntimeException e) {
                fresh.close(true);
                throw e;
            }
            session = fresh;
        }
        return session;
    }

    @Override
    public synchronized void close() {
        try {
            if (session != null) {
                session.close(true);
            }
        } finally {
            client.stop();
        }
    }
}
