package io.virtkit.xen.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * The files an SSH client outside the fixture needs to reach dom0 as the fixture does: the fixture's identity as an
 * OpenSSH private key file (what MINA's {@code FileKeyPairProvider} and OpenSSH's {@code ssh -i} read) and a
 * known_hosts line for the forwarded port with the host key dom0 printed on its console.
 */
final class Dom0SshFiles {
    static final String IDENTITY = "identity";
    static final String KNOWN_HOSTS = "known_hosts";

    private Dom0SshFiles() {
    }

    /** Writes both files into {@code dir}; the xen:// URI naming them. */
    static String write(Path dir, int port, KeyPair identity, PublicKey hostKey) throws IOException {
        Path key = dir.resolve(IDENTITY).toAbsolutePath();
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(key)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(identity, "virtkit-test", null, out);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the fixture's identity as an OpenSSH key", e);
        }
        Path knownHosts = dir.resolve(KNOWN_HOSTS).toAbsolutePath();
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey) + "\n");
        return "xen://root@127.0.0.1:" + port + "/system?keyfile=" + encode(key) + "&known_hosts=" + encode(knownHosts);
    }

    private static String encode(Path path) {
        return URLEncoder.encode(path.toString(), StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }
}
