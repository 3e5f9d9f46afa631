package io.virtkit.itests.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The x509 files of the two hosts, made with openssl in a directory of the test's: a CA, a server certificate per
 * host whose subject alternative name is the host's IP address (what virsh checks when it connects to
 * {@code qemu+tls://10.77.0.1/system}; also a client certificate: a cluster host's ZooKeeper client and peer show it
 * to the others), and one client certificate in libvirt's {@code pkipath} layout
 * ({@code cacert.pem}, {@code clientcert.pem}, {@code clientkey.pem}) for virsh and for the daemons' own
 * peer-to-peer connections.
 */
public final class TestPki {

    /** The client's subject; the daemons allow it through {@code tlsAllowedDnList}. */
    public static final String CLIENT_CN = "vke2e-client";
    private static final String ORGANISATION = "Virtkit e2e";
    private static final Duration BOUND = Duration.ofSeconds(60);

    /** One host's server files (libvirt's cert_file, key_file) and the CA its clients must be signed by. */
    public record ServerFiles(Path caCert, Path cert, Path key) {
    }

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    public static TestPki create(Path dir, String... serverAddresses) throws IOException {
        TestPki pki = new TestPki(Files.createDirectories(dir));
        Path ca = Files.createDirectories(dir.resolve("ca"));
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                "/O=" + ORGANISATION + "/CN=vke2e CA", "-keyout", ca.resolve("cakey.pem").toString(),
                "-out", pki.caCert().toString(), "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        for (String address : serverAddresses) {
            pki.issue(Files.createDirectories(dir.resolve("server-" + address)), "server", "/CN=" + address,
                    "subjectAltName=IP:" + address + "\nextendedKeyUsage=serverAuth,clientAuth\n"
                            + "keyUsage=critical,digitalSignature,keyEncipherment\n");
        }
        Path client = pki.clientPkiPath();
        Files.createDirectories(client);
        pki.issue(client, "client", "/CN=" + CLIENT_CN, "extendedKeyUsage=clientAuth\n"
                + "keyUsage=critical,digitalSignature,keyEncipherment\n");
        Files.copy(pki.caCert(), client.resolve("cacert.pem"));
        return pki;
    }

    public Path caCert() {
        return dir.resolve("ca/cacert.pem");
    }

    public ServerFiles server(String address) {
        Path d = dir.resolve("server-" + address);
        return new ServerFiles(caCert(), d.resolve("servercert.pem"), d.resolve("serverkey.pem"));
    }

    /** libvirt's {@code pkipath=DIR} layout: {@code cacert.pem}, {@code clientcert.pem}, {@code clientkey.pem}. */
    public Path clientPkiPath() {
        return dir.resolve("client");
    }

    /** A glob of tls_allowed_dn_list matching the client's subject in whichever order a DN is written. */
    public static String allowedClientDn() {
        return "*CN=" + CLIENT_CN + "*";
    }

    /** {@code KIND}cert.pem and {@code KIND}key.pem in {@code target}, signed by the CA. */
    private void issue(Path target, String kind, String subject, String extensions) throws IOException {
        Path key = target.resolve(kind + "key.pem");
        Path request = target.resolve(kind + ".csr");
        Path extFile = target.resolve(kind + ".ext");
        Files.writeString(extFile, extensions);
        openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/O=" + ORGANISATION + subject,
                "-keyout", key.toString(), "-out", request.toString());
        openssl("x509", "-req", "-in", request.toString(), "-CA", caCert().toString(), "-CAkey",
                dir.resolve("ca/cakey.pem").toString(), "-CAcreateserial", "-days", "2", "-extfile",
                extFile.toString(), "-out", target.resolve(kind + "cert.pem").toString());
        Files.delete(request);
        Files.delete(extFile);
    }

    private static void openssl(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        HostCommand.run(BOUND, command).outOrFail();
    }
}
