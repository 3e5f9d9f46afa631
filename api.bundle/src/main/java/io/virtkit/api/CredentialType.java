package io.virtkit.api;

/** What a driver asks the caller for while opening a connection, libvirt's {@code virConnectCredentialType}. */
public enum CredentialType {
    /** The identity to act as. */
    USERNAME(1),
    /** The identity to authorize as. */
    AUTHNAME(2),
    /** RFC 1766 languages, comma separated. */
    LANGUAGE(3),
    /** A client-supplied nonce. */
    CNONCE(4),
    /** A secret: shown without echo. */
    PASSPHRASE(5),
    /** A challenge answer, shown with echo. */
    ECHOPROMPT(6),
    /** A challenge answer, shown without echo. */
    NOECHOPROMPT(7),
    /** An authentication realm. */
    REALM(8),
    /** Something only the application itself knows. */
    EXTERNAL(9);

    private final int number;

    CredentialType(int number) {
        this.number = number;
    }

    /** libvirt's number for it. */
    public int number() {
        return number;
    }

    /** Whether a console should hide what is typed. */
    public boolean secret() {
        return this == PASSPHRASE || this == NOECHOPROMPT;
    }
}
