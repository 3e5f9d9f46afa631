package io.virtkit.xen.internal.channel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellFactory;

/**
 * An SSH server on this machine's loopback (Apache MINA SSHD's) that runs commands with {@code /bin/sh -c} and
 * accepts one password: for the login paths the nested Xen host's dropbear cannot show (it takes keys only).
 */
public final class LoopbackSshServer implements AutoCloseable {

    public static final String PASSWORD = "virtkit-secret";

    private final SshServer server;
    private final KeyPair hostKey;

    public LoopbackSshServer() throws IOException, GeneralSecurityException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider();
        server.setKeyPairProvider(keys);
        server.setPasswordAuthenticator((user, password, session) -> PASSWORD.equals(password));
        server.setCommandFactory((channel, command) -> new ProcessShellFactory(command, "/bin/sh", "-c", command)
                .createShell(channel));
        server.start();
        hostKey = keys.loadKeys(null).iterator().next();
    }

    public int port() {
        return server.getPort();
    }

    /** A known_hosts file holding this server's key. */
    public Path knownHosts(Path dir) throws IOException {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
        return file;
    }

    /** A target logging in as root without keys (so by password), checking the host key in {@code knownHosts}. */
    public SshTarget target(Path knownHosts, boolean noVerify, Duration connectTimeout) {
        return new SshTarget("root", "127.0.0.1", port(), List.of(), knownHosts, noVerify, connectTimeout);
    }

    /** Ends every session, as a server restart or a network cut would. */
    public void dropSessions() {
        server.getActiveSessions().forEach(session -> session.close(true));
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
