package io.virtkit.qemu.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;

/** What a start checks before anything exists: the emulator binary and, for type='kvm', a usable KVM. */
final class QemuStartChecks {

    private QemuStartChecks() {
    }

    /** libvirt's error when the binary is missing ("Cannot check QEMU binary …: No such file or directory"). */
    static void emulator(String emulator) {
        Path p = Path.of(emulator);
        if (!Files.exists(p)) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "Cannot check QEMU binary " + emulator + ": No such file or directory");
        }
        if (!Files.isExecutable(p) || Files.isDirectory(p)) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "Cannot check QEMU binary " + emulator + ": Permission denied");
        }
    }

    /**
     * type='kvm' needs a KVM that really runs guests (see {@link KvmProbe}); type='qemu' runs on TCG anywhere.
     * The probe runs once per state, at the first KVM start, and its verdict is kept.
     */
    static void accelerator(QemuState state, DomainDefinition def) {
        if (!"kvm".equals(def.type())) {
            return;
        }
        KvmProbe.Result verdict = state.kvmVerdict();
        if (!verdict.usable()) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "Domain requires KVM, but it is not available. Check that virtualization is enabled in the "
                            + "host BIOS, and host configuration is setup to load the kvm modules. ("
                            + verdict.reason() + ")");
        }
    }
}
