package io.virtkit.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Answers a driver's questions while a connection opens, libvirt's {@code virConnectAuth}: the console
 * prompts a person, the remote daemon relays to its client, a program answers from its configuration.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface AuthCallback {

    /** The kinds of question this callback can answer; a driver asks no others. */
    default Set<CredentialType> types() {
        return EnumSet.allOf(CredentialType.class);
    }

    /**
     * Answers {@code credentials} in place ({@link Credential#answer}).
     *
     * @throws VirtException {@link ErrorCode#AUTH_CANCELLED} when the person declines
     */
    void answer(List<Credential> credentials);
}
