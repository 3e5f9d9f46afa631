package io.virtkit.xen.internal;

import java.util.List;

import io.virtkit.api.AuthCallback;
import io.virtkit.api.Credential;
import io.virtkit.api.CredentialType;
import io.virtkit.xen.internal.channel.PasswordPrompt;
import io.virtkit.xen.internal.channel.SshTarget;

/**
 * The SSH password of a Xen host from the connection's credential callback, asked as the ESX driver asks: a
 * {@link CredentialType#PASSPHRASE}, or a {@link CredentialType#NOECHOPROMPT} for a callback that only answers
 * those. Without a callback that can answer, no password is tried.
 */
final class SshPasswords {
    private SshPasswords() {
    }

    static PasswordPrompt from(AuthCallback callback) {
        if (callback == null) {
            return PasswordPrompt.NONE;
        }
        CredentialType type = callback.types().contains(CredentialType.PASSPHRASE) ? CredentialType.PASSPHRASE
                : callback.types().contains(CredentialType.NOECHOPROMPT) ? CredentialType.NOECHOPROMPT : null;
        if (type == null) {
            return PasswordPrompt.NONE;
        }
        return (user, target) -> ask(callback, type, user, target);
    }

    private static String ask(AuthCallback callback, CredentialType type, String user, SshTarget target) {
        Credential question = new Credential(type, "Enter " + user + "'s password for " + target.host(), null, null);
        callback.answer(List.of(question));
        return question.result();
    }
}
