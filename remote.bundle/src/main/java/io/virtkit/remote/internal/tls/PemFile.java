package io.virtkit.remote.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * One PEM file of libvirt's layout, read with the JDK alone: certificates, or a private key as certtool and openssl
 * write them (PKCS#8, PKCS#1 RSA, SEC1 EC). Errors name the file, in libvirt's wording where it has one.
 */
final class PemFile {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\R(.*?)-----END \\1-----", Pattern.DOTALL);
    /** What a PKCS#8 key may hold; the JDK's factories say nothing about which one fits, so each is tried. */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private record Block(String label, byte[] der) {
    }

    private final Path path;
    private final String what;
    private final List<Block> blocks;

    private PemFile(Path path, String what, List<Block> blocks) {
        this.path = path;
        this.what = what;
        this.blocks = blocks;
    }

    /**
     * Reads {@code path}; {@code what} says which of libvirt's files it is ("CA certificate", "certificate",
     * "private key"), as libvirt's "Cannot read" error does.
     */
    static PemFile read(Path path, String what) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw cannotRead(what, path, "No such file or directory", e);
        } catch (AccessDeniedException e) {
            throw cannotRead(what, path, "Permission denied", e);
        } catch (IOException e) {
            throw cannotRead(what, path, e.getMessage(), e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains("Proc-Type:")) {
                blocks.add(new Block("ENCRYPTED " + m.group(1), new byte[0]));
                continue;
            }
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                        "Unable to read " + what + " " + path + ": bad base64 in its " + m.group(1) + " block", e);
            }
        }
        return new PemFile(path, what, blocks);
    }

    private static VirtException cannotRead(String what, Path path, String why, Exception cause) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                "Cannot read " + what + " '" + path + "': " + why, cause);
    }

    Path path() {
        return path;
    }

    /** The file's certificates in order; at least one. */
    List<X509Certificate> certificates() {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks) {
                if (b.label().equals("CERTIFICATE") || b.label().equals("X509 CERTIFICATE")) {
                    certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw importFailed(e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw importFailed("no PEM certificate (BEGIN CERTIFICATE) in it", null);
        }
        return certs;
    }

    private VirtException importFailed(String why, Exception cause) {
        String list = what.startsWith("CA") ? what + " list" : what;
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                "Unable to import " + list + " " + path + ": " + why, cause);
    }

    /** The file's private key: PKCS#8, PKCS#1 RSA or SEC1 EC; encrypted keys are refused (libvirt has no passphrase). */
    PrivateKey privateKey() {
        for (Block b : blocks) {
            switch (b.label()) {
                case "PRIVATE KEY":
                    return pkcs8(b.der());
                case "RSA PRIVATE KEY":
                    return pkcs8(wrap(() -> Der.pkcs8FromPkcs1(b.der())));
                case "EC PRIVATE KEY":
                    return pkcs8(wrap(() -> Der.pkcs8FromSec1(b.der())));
                default:
                    if (b.label().contains("ENCRYPTED")) {
                        throw badKey("it is encrypted; libvirt reads only unencrypted keys", null);
                    }
            }
        }
        throw badKey("no PEM private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY) in it", null);
    }

    private byte[] wrap(java.util.function.Supplier<byte[]> wrapping) {
        try {
            return wrapping.get();
        } catch (IllegalArgumentException e) {
            throw badKey(e.getMessage(), e);
        }
    }

    private PrivateKey pkcs8(byte[] der) {
        GeneralSecurityException last = null;
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw badKey("not a key the JDK reads (" + (last == null ? "?" : last.getMessage()) + ")", last);
    }

    private VirtException badKey(String why, Exception cause) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                "Unable to read private key " + path + ": " + why, cause);
    }
}
