package io.virtkit.hyperv.internal;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.virtkit.api.AuthCallback;
import io.virtkit.api.Credential;
import io.virtkit.api.CredentialType;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.support.AuthConf;

/**
 * The user and password for a Hyper-V host, found as libvirt's Hyper-V driver finds them: the URI's user, else
 * auth.conf ({@code $LIBVIRT_AUTH_FILE}, the URI's {@code authfile=}, {@code $XDG_CONFIG_HOME/libvirt},
 * {@code /etc/libvirt}, then the file the driver's configuration names) under service {@code hyperv} and the
 * host, else the caller's callback proposing {@code administrator} (the console prompts, masking the password).
 * The password is held as characters so the connection can wipe it once the client has it.
 */
record HypervCredentials(String user, char[] password) {

    private static final String SERVICE = "hyperv";
    private static final String DEFAULT_USER = "administrator";

    static HypervCredentials find(HypervUri uri, java.net.URI raw, AuthCallback caller, HypervSettings settings,
            Map<String, String> env) {
        Optional<AuthConf> conf = AuthConf.find(raw, env);
        if (conf.isEmpty() && settings.authFile() != null && Files.isRegularFile(settings.authFile())) {
            conf = Optional.of(AuthConf.read(settings.authFile()));
        }
        String user = uri.user();
        if (user == null || user.isEmpty()) {
            user = fromFile(conf, uri, CredentialType.USERNAME).orElseGet(() -> prompt(caller,
                    new Credential(CredentialType.USERNAME, "Enter username for " + uri.host(), null, DEFAULT_USER),
                    "Username request failed"));
        }
        String who = user;
        String password = fromFile(conf, uri, CredentialType.PASSPHRASE).orElseGet(() -> prompt(caller,
                new Credential(passwordType(caller), "Enter " + who + "'s password for " + uri.host(), null, null),
                "Password request failed"));
        return new HypervCredentials(user, password.toCharArray());
    }

    private static Optional<String> fromFile(Optional<AuthConf> conf, HypervUri uri, CredentialType type) {
        return conf.flatMap(c -> c.lookup(SERVICE, uri.host(), type));
    }

    /** A callback that only offers NOECHOPROMPT (the console's masked prompt) gets the password asked so. */
    private static CredentialType passwordType(AuthCallback caller) {
        boolean onlyMasked = caller != null && !caller.types().contains(CredentialType.PASSPHRASE)
                && caller.types().contains(CredentialType.NOECHOPROMPT);
        return onlyMasked ? CredentialType.NOECHOPROMPT : CredentialType.PASSPHRASE;
    }

    private static String prompt(AuthCallback caller, Credential question, String failure) {
        if (caller == null || !caller.types().contains(question.type())) {
            throw new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.HYPERV, failure);
        }
        caller.answer(List.of(question));
        String answer = question.result();
        if (answer == null) {
            throw new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.HYPERV, failure);
        }
        return answer.isEmpty() && question.defaultResult() != null ? question.defaultResult() : answer;
    }
}
