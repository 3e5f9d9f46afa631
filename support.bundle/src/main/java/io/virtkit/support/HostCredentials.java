package io.virtkit.support;

import java.util.List;
import java.util.Optional;

import io.virtkit.api.AuthCallback;
import io.virtkit.api.Credential;
import io.virtkit.api.CredentialType;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * A user and password for a host a driver logs in to (an ESX server, a Hyper-V host), found as libvirt's drivers
 * find them: the URI's user, else auth.conf under the driver's service and the host, else the caller's callback
 * asked for the user (proposing the driver's default); then the password from auth.conf, else the callback — with
 * the console's masked prompt when that is all it offers. A callback that cannot ask, or gives no answer, is
 * libvirt's "Username request failed" / "Password request failed" (AUTH_FAILED). The password is held as
 * characters so the caller can wipe it once used.
 *
 * @param user     the user name
 * @param password the password
 */
public record HostCredentials(String user, char[] password) {

    /**
     * Finds them.
     *
     * @param conf        the auth.conf to answer from first ({@link AuthConf#find(java.net.URI, java.util.Map,
     *                    java.nio.file.Path)}), or empty
     * @param service     the auth.conf service ("esx", "vpx", "hyperv")
     * @param host        the host as the URI names it
     * @param uriUser     the URI's user, or null
     * @param defaultUser what the callback is offered as the user, or null
     * @param caller      the caller's callback, or null
     * @param domain      the error domain of the driver
     */
    public static HostCredentials find(Optional<AuthConf> conf, String service, String host, String uriUser,
            String defaultUser, AuthCallback caller, ErrorDomain domain) {
        String user = uriUser;
        if (user == null || user.isEmpty()) {
            user = conf.flatMap(c -> c.lookup(service, host, CredentialType.USERNAME)).orElseGet(() -> ask(caller,
                    CredentialType.USERNAME, "Enter username for " + host, defaultUser, "Username request failed",
                    domain));
        }
        String who = user;
        String password = conf.flatMap(c -> c.lookup(service, host, CredentialType.PASSPHRASE)).orElseGet(() -> ask(
                caller, secretType(caller), "Enter " + who + "'s password for " + host, null,
                "Password request failed", domain));
        return new HostCredentials(user, password.toCharArray());
    }

    /** A callback that only offers NOECHOPROMPT (the console's masked prompt) is asked for the password so. */
    private static CredentialType secretType(AuthCallback caller) {
        boolean onlyMasked = caller != null && !caller.types().contains(CredentialType.PASSPHRASE)
                && caller.types().contains(CredentialType.NOECHOPROMPT);
        return onlyMasked ? CredentialType.NOECHOPROMPT : CredentialType.PASSPHRASE;
    }

    private static String ask(AuthCallback caller, CredentialType type, String prompt, String proposed,
            String failure, ErrorDomain domain) {
        if (caller == null || !caller.types().contains(type)) {
            throw new VirtException(ErrorCode.AUTH_FAILED, domain, failure);
        }
        Credential question = new Credential(type, prompt, null, proposed);
        caller.answer(List.of(question));
        String answer = question.result();
        if (answer == null) {
            throw new VirtException(ErrorCode.AUTH_FAILED, domain, failure);
        }
        return answer.isEmpty() && proposed != null ? proposed : answer;
    }
}
