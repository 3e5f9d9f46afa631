package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.AuthCallback;
import io.virtkit.api.Credential;
import io.virtkit.api.CredentialType;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.xen.internal.channel.LoopbackSshServer;
import io.virtkit.xen.internal.channel.SshTarget;
import io.virtkit.xen.internal.channel.SshXenChannel;

/**
 * Logging in to an SSH host as the Xen driver does, against an SSH server on this machine's loopback: the host key
 * check (unknown, changed, no known_hosts file, no_verify=1), the password from the credential callback, and how
 * an unreachable or silent port fails. Errors as {@link SshFailures} words them.
 */
class SshLoginTest {

    private static final Duration CONNECT = Duration.ofSeconds(3);
    private static LoopbackSshServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws IOException, GeneralSecurityException {
        server = new LoopbackSshServer();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    /** The callback a console gives: answers passphrases (only), counting the questions. */
    private static AuthCallback answering(String password, AtomicInteger asked) {
        return new AuthCallback() {
            @Override
            public Set<CredentialType> types() {
                return EnumSet.of(CredentialType.PASSPHRASE);
            }

            @Override
            public void answer(List<Credential> credentials) {
                asked.incrementAndGet();
                assertThat(credentials).singleElement().satisfies(c -> {
                    assertThat(c.type()).isEqualTo(CredentialType.PASSPHRASE);
                    assertThat(c.prompt()).isEqualTo("Enter root's password for 127.0.0.1");
                });
                credentials.get(0).answer(password);
            }
        };
    }

    private static VirtException loginFails(SshTarget target, AuthCallback callback) {
        SshXenChannel channel = new SshXenChannel(target, SshPasswords.from(callback));
        try {
            channel.connect();
            throw new AssertionError("logged in to " + target);
        } catch (IOException | RuntimeException e) {
            return SshFailures.of(target, e);
        } finally {
            channel.close();
        }
    }

    @Test
    void thePasswordIsAskedOnceAndKeptForTheNextSession() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        SshTarget target = server.target(server.knownHosts(dir), false, CONNECT);
        try (SshXenChannel channel = new SshXenChannel(target,
                SshPasswords.from(answering(LoopbackSshServer.PASSWORD, asked))).connect()) {
            assertThat(channel.run("echo hello; echo oops >&2; exit 3", CONNECT).stdout()).isEqualTo("hello\n");
            server.dropSessions();
            assertThat(channel.run("cat", "fed\n".getBytes(), CONNECT).stdout()).isEqualTo("fed\n");
        }
        assertThat(asked).hasValue(1);
    }

    @Test
    void aWrongPasswordIsAnAuthFailureAskedOnce() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        VirtException e = loginFails(server.target(server.knownHosts(dir), false, CONNECT), answering("wrong", asked));
        assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(e.getMessage()).startsWith("authentication failed: SSH login to root@127.0.0.1:" + server.port()
                + " failed");
        assertThat(asked).hasValue(1);
    }

    @Test
    void withoutKeysOrACallbackTheLoginFails() throws IOException {
        VirtException e = loginFails(server.target(server.knownHosts(dir), false, CONNECT), null);
        assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(e.getMessage()).contains("SSH login to", "failed");
    }

    @Test
    void anUnknownHostIsRefusedWithHowToFixIt() throws IOException, GeneralSecurityException {
        Path other = dir.resolve("known_hosts");
        Files.writeString(other, "[127.0.0.1]:1 " + PublicKeyEntry.toString(otherKey()) + "\n");
        AtomicInteger asked = new AtomicInteger();
        VirtException e = loginFails(server.target(other, false, CONNECT),
                answering(LoopbackSshServer.PASSWORD, asked));
        assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(e.getMessage()).isEqualTo("authentication failed: the host key of root@127.0.0.1:" + server.port()
                + " is not in " + other
                + " (add the host's key to it, e.g. with ssh-keyscan, or connect with no_verify=1)");
        assertThat(asked).as("refused before any login").hasValue(0);
        assertThat(Files.readString(other)).as("known_hosts is not written").doesNotContain(":" + server.port());
    }

    @Test
    void aMissingKnownHostsFileIsAnUnknownHost() {
        Path missing = dir.resolve("nothing/known_hosts");
        VirtException e = loginFails(server.target(missing, false, CONNECT), answering(LoopbackSshServer.PASSWORD,
                new AtomicInteger()));
        assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(e.getMessage()).contains("is not in " + missing, "no_verify=1");
        assertThat(missing).doesNotExist();
    }

    @Test
    void aChangedHostKeyIsRefused() throws IOException, GeneralSecurityException {
        Path changed = dir.resolve("known_hosts");
        Files.writeString(changed, "[127.0.0.1]:" + server.port() + " " + PublicKeyEntry.toString(otherKey()) + "\n");
        VirtException e = loginFails(server.target(changed, false, CONNECT), answering(LoopbackSshServer.PASSWORD,
                new AtomicInteger()));
        assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(e.getMessage()).contains("does not match the one in " + changed, "it changed");
    }

    @Test
    void noVerifyAcceptsAnyHostKey() throws IOException {
        SshTarget target = server.target(dir.resolve("none"), true, CONNECT);
        try (SshXenChannel channel = new SshXenChannel(target,
                SshPasswords.from(answering(LoopbackSshServer.PASSWORD, new AtomicInteger()))).connect()) {
            assertThat(channel.run("echo ok", CONNECT).stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void aClosedPortFailsAtOnce() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        SshTarget target = new SshTarget("root", "127.0.0.1", port, List.of(), dir.resolve("kh"), false,
                Duration.ofSeconds(20));
        long start = System.nanoTime();
        VirtException e = loginFails(target, null);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR);
        assertThat(e.getMessage()).startsWith("Cannot connect to Xen host root@127.0.0.1:" + port + ": ")
                .containsIgnoringCase("refused");
    }

    @Test
    void aPortThatNeverSpeaksSshTimesOutWithinTheConnectTimeout() throws IOException {
        // the kernel completes the TCP handshake from the backlog; nobody ever answers
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            SshTarget target = new SshTarget("root", "127.0.0.1", silent.getLocalPort(), List.of(), dir.resolve("kh"),
                    false, Duration.ofSeconds(2));
            long start = System.nanoTime();
            VirtException e = loginFails(target, null);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500),
                    Duration.ofSeconds(6));
            assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT);
            assertThat(e.getMessage()).contains("no SSH login to root@127.0.0.1:" + silent.getLocalPort()
                    + " within 2 s");
        }
    }

    private static java.security.PublicKey otherKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair().getPublic();
    }
}
