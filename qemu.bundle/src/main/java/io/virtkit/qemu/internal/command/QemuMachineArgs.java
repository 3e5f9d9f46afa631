package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.checkChars;


import io.virtkit.model.domain.DomainOs;

/** Direct kernel boot. */
final class QemuMachineArgs {

    private QemuMachineArgs() {
    }

    static void directKernel(QemuArgv a) {
        DomainOs os = a.def.os();
        // Each of these is an argv element of its own, which QEMU takes verbatim: no escaping needed.
        if (os.kernel() != null) {
            checkChars("kernel path", os.kernel());
            a.add("-kernel", os.kernel());
        }
        if (os.initrd() != null) {
            checkChars("initrd path", os.initrd());
            a.add("-initrd", os.initrd());
        }
        if (os.cmdline() != null) {
            checkChars("kernel command line", os.cmdline());
            a.add("-append", os.cmdline());
        }
    }
}
