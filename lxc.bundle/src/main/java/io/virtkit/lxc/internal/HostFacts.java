package io.virtkit.lxc.internal;

import io.virtkit.support.HostNode;

/** The host's capabilities XML for lxc:/// (node info and the kernel version come from {@link HostNode}). */
final class HostFacts {
    private HostFacts() {
    }

    /** What this driver runs: exe (container) guests of type lxc on the host's architecture. */
    static String capabilities() {
        return """
                <capabilities>
                  <host>
                    <cpu>
                      <arch>%1$s</arch>
                    </cpu>
                  </host>
                  <guest>
                    <os_type>exe</os_type>
                    <arch name='%1$s'>
                      <wordsize>64</wordsize>
                      <emulator>/usr/bin/unshare</emulator>
                      <domain type='lxc'/>
                    </arch>
                  </guest>
                </capabilities>
                """.formatted(HostNode.arch());
    }
}
