package io.virtkit.qemu.internal;

/**
 * The capabilities XML of qemu:/// (node info comes from {@link io.virtkit.support.HostNode}, reported
 * with the x86_64 model this driver's guests have).
 */
final class HostFacts {
    /** The CPU model node info reports: the one architecture this driver runs guests of. */
    static final String CPU_MODEL = "x86_64";

    private HostFacts() {
    }

    /**
     * A small capabilities document: what this driver can run, x86_64 hvm guests under TCG, and under KVM only
     * when {@code kvmUsable} (the {@link KvmProbe}'s verdict): tools such as virt-install take the best type
     * offered here, and a type='kvm' guest would then fail to start.
     */
    static String capabilities(String emulator, boolean kvmUsable) {
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
                %s    </arch>
                  </guest>
                </capabilities>
                """.formatted(emulator.replace("&", "&amp;").replace("<", "&lt;"),
                kvmUsable ? "      <domain type='kvm'/>\n" : "");
    }
}
