package io.virtkit.qemu.internal;

/**
 * The capabilities XML of qemu:/// (node info comes from {@link io.virtkit.api.spi.HostNode}, reported
 * with the x86_64 model this driver's guests have).
 */
final class HostFacts {
    /** The CPU model node info reports: the one architecture this driver runs guests of. */
    static final String CPU_MODEL = "x86_64";

    private HostFacts() {
    }

    /** A small capabilities document: what this driver can run (x86_64 hvm guests, TCG and KVM). */
    static String capabilities(String emulator) {
        return """
                <capabilities>
                  <host>
                    <cpu>
                      <arch>x86_64</arch>
                    </cpu>
                  </host>
                  <guest>
                    <os_type>hvm</os_type>
                    <arch name='x86_64'>
                      <wordsize>64</wordsize>
                      <emulator>%s</emulator>
                      <domain type='qemu'/>
                      <domain type='kvm'/>
                    </arch>
                  </guest>
                </capabilities>
                """.formatted(emulator.replace("&", "&amp;").replace("<", "&lt;"));
    }
}
