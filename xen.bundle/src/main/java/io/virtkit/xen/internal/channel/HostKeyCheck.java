package io.virtkit.xen.internal.channel;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * The host key check of {@link SshXenChannel}: the key must be in the known_hosts file, which is never written to
 * (an unknown host, a missing file and a changed key are all refused, as {@code StrictHostKeyChecking=yes}); and
 * why the last key was refused, so that the error can say what to do.
 */
final class HostKeyCheck extends KnownHostsServerKeyVerifier {

    private final Path knownHosts;
    private volatile String refusal;

    private HostKeyCheck(Path knownHosts) {
        super(RejectAllServerKeyVerifier.INSTANCE, knownHosts);
        this.knownHosts = knownHosts;
    }

    /** The verifier for {@code target}: this check, or any key when the URI said {@code no_verify=1}. */
    static ServerKeyVerifier of(SshTarget target) {
        return target.noVerify() ? AcceptAllServerKeyVerifier.INSTANCE : new HostKeyCheck(target.knownHosts());
    }

    @Override
    protected boolean acceptUnknownHostKey(ClientSession session, SocketAddress remote, PublicKey key) {
        refusal = "the host key of %s is not in " + knownHosts
                + " (add the host's key to it, e.g. with ssh-keyscan, or connect with no_verify=1)";
        return false;
    }

    @Override
    public boolean acceptModifiedServerKey(ClientSession session, SocketAddress remote, KnownHostEntry entry,
            PublicKey expected, PublicKey actual) {
        refusal = "the host key of %s does not match the one in " + knownHosts + " (line '" + entry.getConfigLine()
                + "'): it changed, or another machine answers; fix or remove that line if the host was reinstalled";
        return false;
    }

    /** Why the key of the session that just failed was refused, or null when it was not. */
    static String refusal(ServerKeyVerifier verifier, SshTarget target) {
        if (verifier instanceof HostKeyCheck check && check.refusal != null) {
            String why = check.refusal.formatted(target);
            check.refusal = null;
            return why;
        }
        return null;
    }
}
