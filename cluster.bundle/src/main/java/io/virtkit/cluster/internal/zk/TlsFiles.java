package io.virtkit.cluster.internal.zk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ClientX509Util;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.cluster.internal.ClusterConfig;

/**
 * This host's x509 files in the remote daemon's layout (CA, certificate, key), as ZooKeeper's PEM key and trust
 * stores read them: ZooKeeper wants the key and its certificate in one file, so {@link #keyStore(Path)} writes
 * them together, readable by this user only.
 */
public record TlsFiles(Path caFile, Path certFile, Path keyFile) {

    public static TlsFiles of(ClusterConfig config) {
        return new TlsFiles(Path.of(config.caFile()), Path.of(config.certFile()), Path.of(config.keyFile()));
    }

    /** The trust store: the CA file itself, checked readable. */
    public Path trustStore() {
        read(caFile, "CA certificate");
        return caFile;
    }

    /**
     * Writes {@code dir/keystore.pem} (key then certificate, mode 0600) and returns it; a file that cannot be read
     * is refused as libvirt refuses it ("Cannot read private key '…': No such file or directory").
     */
    public Path keyStore(Path dir) {
        String key = read(keyFile, "private key");
        String cert = read(certFile, "certificate");
        if (!key.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC, "Unable to read private key '"
                    + keyFile + "': ZooKeeper reads PKCS#8 keys only (BEGIN PRIVATE KEY, unencrypted); convert it "
                    + "with 'openssl pkcs8 -topk8 -nocrypt'");
        }
        Path target = dir.resolve("keystore.pem");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(target);
            Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(target, key.strip() + "\n" + cert.strip() + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                    "Cannot write key store '" + target + "': " + e.getMessage(), e);
        }
        return target;
    }

    /**
     * A ZooKeeper client configuration of its own (never the JVM's system properties: several clients may live in
     * one JVM) for TLS through ZooKeeper's Netty socket with this host's certificate, trusting the CA.
     */
    public ZKClientConfig clientConfig(Path keyStoreDir) {
        ZKClientConfig c = new ZKClientConfig();
        c.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
        c.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
        c.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        try (ClientX509Util x509 = new ClientX509Util()) {
            c.setProperty(x509.getSslKeystoreLocationProperty(), keyStore(keyStoreDir).toString());
            c.setProperty(x509.getSslKeystoreTypeProperty(), "PEM");
            c.setProperty(x509.getSslTruststoreLocationProperty(), trustStore().toString());
            c.setProperty(x509.getSslTruststoreTypeProperty(), "PEM");
        }
        return c;
    }

    /** The file's text, or libvirt's "Cannot read WHAT 'PATH': WHY". */
    static String read(Path path, String what) {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw cannotRead(what, path, "No such file or directory", e);
        } catch (AccessDeniedException e) {
            throw cannotRead(what, path, "Permission denied", e);
        } catch (IOException e) {
            throw cannotRead(what, path, String.valueOf(e.getMessage()), e);
        }
    }

    private static VirtException cannotRead(String what, Path path, String why, Exception cause) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                "Cannot read " + what + " '" + path + "': " + why, cause);
    }
}
