package io.virtkit.esx.internal;

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
 * Finds the user and password for a vSphere server as libvirt's ESX driver does: the URI's user, else
 * auth.conf ({@code $LIBVIRT_AUTH_FILE}, the URI's {@code authfile=}, {@code $XDG_CONFIG_HOME/libvirt},
 * {@code /etc/libvirt}, then the file the driver's configuration names) under service {@code esx}/{@code vpx}
 * and the host, else the caller's callback (the console prompts, masking the password).
 */
record EsxCredentials(String user, char[] password) {

    static EsxCredentials find(EsxUri uri, java.net.URI raw, AuthCallback caller, EsxSettings settings,
            Map<String, String> env) {
        Optional<AuthConf> conf = AuthConf.find(raw, env);
        if (conf.isEmpty() && settings.authFile() != null && java.nio.file.Files.isRegularFile(settings.authFile())) {
            conf = Optional.of(AuthConf.read(settings.authFile()));
        }
        String service = uri.authService();
        String user = uri.user();
        if (user == null || user.isEmpty()) {
            user = conf.flatMap(c -> c.lookup(service, uri.host(), CredentialType.USERNAME))
                    .orElseGet(() -> ask(caller, CredentialType.USERNAME, "Enter username for " + uri.host(),
                            uri.defaultUser(), "Username request failed"));
        }
        final String who = user;
        String password = conf.flatMap(c -> c.lookup(service, uri.host(), CredentialType.PASSPHRASE))
                .orElseGet(() -> ask(caller, secretType(caller), "Enter " + who + "'s password for " + uri.host(),
                        null, "Password request failed"));
        return new EsxCredentials(user, password.toCharArray());
    }

    private static CredentialType secretType(AuthCallback caller) {
        if (caller != null && !caller.types().contains(CredentialType.PASSPHRASE)
                && caller.types().contains(CredentialType.NOECHOPROMPT)) {
            return CredentialType.NOECHOPROMPT;
        }
        return CredentialType.PASSPHRASE;
    }

    private static String ask(AuthCallback caller, CredentialType type, String prompt, String proposed,
            String failure) {
        if (caller == null || !caller.types().contains(type)) {
            throw new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.ESX, failure);
        }
        Credential question = new Credential(type, prompt, null, proposed);
        caller.answer(List.of(question));
        String answer = question.result();
        if (answer == null) {
            throw new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.ESX, failure);
        }
        return answer.isEmpty() && proposed != null ? proposed : answer;
    }
}
