package io.virtkit.cluster.internal.zk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The cluster's shared secret (config {@code secretFile}): clients authenticate with ZooKeeper's digest scheme as
 * {@code virtkit:<secret>}, and every znode they create may be changed by that identity only and read by anyone the
 * TLS layer admitted.
 */
public final class ClusterSecret {
    static final String USER = "virtkit";

    private final String credentials;
    private final List<ACL> acl;

    private ClusterSecret(String secret) {
        this.credentials = USER + ":" + secret;
        try {
            String digest = DigestAuthenticationProvider.generateDigest(credentials);
            // not List.of: ZooKeeper asks the list whether it contains null, which List.of answers with an exception
            this.acl = Collections.unmodifiableList(Arrays.asList(new ACL(ZooDefs.Perms.ALL, new Id("digest", digest)),
                    new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The secret in {@code file} (surrounding white space ignored); libvirt's "Cannot read" when it cannot be read. */
    public static ClusterSecret read(Path file) {
        String secret = TlsFiles.read(file, "cluster secret").strip();
        if (secret.isEmpty()) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                    "Cannot read cluster secret '" + file + "': the file is empty");
        }
        return new ClusterSecret(secret);
    }

    /** The digest authentication to add to a client. */
    public byte[] auth() {
        return credentials.getBytes(StandardCharsets.UTF_8);
    }

    public List<ACL> acl() {
        return acl;
    }

    public ACLProvider aclProvider() {
        return new ACLProvider() {
            @Override
            public List<ACL> getDefaultAcl() {
                return acl;
            }

            @Override
            public List<ACL> getAclForPath(String path) {
                return acl;
            }
        };
    }
}
