package io.virtkit.qemu.internal;

/**
 * The host facts of qemu:/// (node info comes from {@link io.virtkit.support.HostNode}, reported with the
 * x86_64 model this driver's guests have; the capabilities XML from {@link
 * io.virtkit.qemu.internal.caps.QemuCapabilities}).
 */
final class HostFacts {
    /** The CPU model node info reports: the one architecture this driver runs guests of. */
    static final String CPU_MODEL = "x86_64";

    private HostFacts() {
    }
}
