package io.virtkit.api;

import java.util.Objects;

/**
 * One question a driver asks while a connection opens, libvirt's {@code virConnectCredential}: the
 * {@link AuthCallback} answers it with {@link #answer(String)}. Not thread-safe: one caller fills it.
 */
public final class Credential {

    private final CredentialType type;
    private final String prompt;
    private final String challenge;
    private final String defaultResult;
    private String result;

    /**
     * @param prompt what to show a person ("Enter username for esx.example.org")
     * @param challenge an extra detail of the question, or null
     * @param defaultResult what is proposed, or null
     */
    public Credential(CredentialType type, String prompt, String challenge, String defaultResult) {
        this.type = Objects.requireNonNull(type, "type");
        this.prompt = Objects.requireNonNull(prompt, "prompt");
        this.challenge = challenge;
        this.defaultResult = defaultResult;
    }

    public CredentialType type() {
        return type;
    }

    public String prompt() {
        return prompt;
    }

    public String challenge() {
        return challenge;
    }

    public String defaultResult() {
        return defaultResult;
    }

    /** The answer, or null while unanswered. */
    public String result() {
        return result;
    }

    public void answer(String value) {
        this.result = value;
    }

    @Override
    public String toString() {
        return "Credential[" + type + " '" + prompt + "'" + (result == null ? "" : ", answered") + "]";
    }
}
