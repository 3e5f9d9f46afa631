package io.virtkit.xen.internal.channel;

import java.io.IOException;
import java.time.Duration;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * Opens one SSH session for {@link SshXenChannel}: connect, key exchange (the host key checked) and login, all
 * within the target's connect timeout, with an exception that says which step failed.
 */
final class SshLogin {
    private SshLogin() {
    }

    static ClientSession open(SshClient client, SshTarget target, ServerKeyVerifier hostKeys,
            PromptedPassword password) throws IOException {
        long deadline = System.nanoTime() + target.connectTimeout().toNanos();
        ClientSession fresh = client.connect(target.user(), target.host(), target.port())
                .verify(target.connectTimeout()).getClientSession();
        try {
            fresh.auth().verify(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            return fresh;
        } catch (IOException | RuntimeException e) {
            fresh.close(true);
            String refusal = HostKeyCheck.refusal(hostKeys, target);
            if (refusal != null) {
                throw new HostKeyRejectedException(refusal, e);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ChannelTimeoutException("no SSH login to " + target + " within "
                        + target.connectTimeout().toSeconds() + " s (is an SSH server listening there?)", e);
            }
            password.forget();
            throw e;
        }
    }
}
