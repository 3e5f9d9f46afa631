package io.virtkit.xen.internal.channel;

import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;

/**
 * Password and keyboard-interactive login for {@link SshXenChannel}, tried after the keys: the password comes from
 * the prompt once, and is kept for the channel's later sessions (a lost session is opened again without asking).
 * One attempt per session: a wrong password is not asked again.
 */
final class PromptedPassword implements UserInteraction {

    private static final AttributeKey<Boolean> TRIED = new AttributeKey<>();

    private final SshTarget target;
    private final PasswordPrompt prompt;
    private String password;

    PromptedPassword(SshTarget target, PasswordPrompt prompt) {
        this.target = target;
        this.prompt = prompt;
    }

    @Override
    public boolean isInteractionAllowed(ClientSession session) {
        return prompt != PasswordPrompt.NONE;
    }

    @Override
    public String resolveAuthPasswordAttempt(ClientSession session) {
        if (session.getAttribute(TRIED) != null) {
            return null;
        }
        session.setAttribute(TRIED, Boolean.TRUE);
        return password(session);
    }

    @Override
    public String[] interactive(ClientSession session, String name, String instruction, String lang, String[] prompts,
            boolean[] echo) {
        // a server that asks for the password this way (OpenSSH with PAM): one question, the password
        if (prompts.length != 1 || echo[0] || !prompts[0].toLowerCase(java.util.Locale.ROOT).contains("password")) {
            return null;
        }
        String answer = resolveAuthPasswordAttempt(session);
        return answer == null ? null : new String[] {answer};
    }

    @Override
    public String getUpdatedPassword(ClientSession session, String prompt, String lang) {
        return null; // an expired password is not changed from here
    }

    private synchronized String password(ClientSession session) {
        if (password == null) {
            password = prompt.password(session.getUsername(), target);
        }
        return password;
    }

    /** After a failed login: the kept password was wrong, ask again next time. */
    synchronized void forget() {
        password = null;
    }
}
