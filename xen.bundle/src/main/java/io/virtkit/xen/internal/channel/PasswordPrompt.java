package io.virtkit.xen.internal.channel;

/** Asks for the SSH password of a user on a host when no key was accepted (the connection's credential callback). */
@FunctionalInterface
public interface PasswordPrompt {

    /** Never asks. */
    PasswordPrompt NONE = (user, target) -> null;

    /** The password, or null when none is given (login then fails). */
    String password(String user, SshTarget target);
}
