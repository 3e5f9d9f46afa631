package io.virtkit.support.net;

/**
 * A TAP device made for one guest interface, with an open descriptor the hypervisor driver passes on
 * (e.g. to QEMU over SCM_RIGHTS). Closing it closes this descriptor: once the hypervisor's copy is closed
 * too, a transient TAP vanishes with everything plugged into it.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ConnectedTap extends AutoCloseable {

    /** The TAP's name ({@code vnet3}), for the live XML's {@code <target dev=…/>}. */
    String name();

    /** The open file descriptor on the TAP (a raw OS descriptor number). */
    int fd();

    /** The bridge it is plugged into, or null. */
    String bridge();

    @Override
    void close();
}
