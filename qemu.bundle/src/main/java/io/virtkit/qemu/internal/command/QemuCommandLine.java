package io.virtkit.qemu.internal.command;

import java.nio.file.Path;
import java.util.List;

import io.virtkit.api.domain.DomainDefinition;

/**
 * CONTRACT STUB (being implemented by the command-line engineer; keep these signatures).
 * Domain XML to QEMU's argv, the libvirt way.
 */
public final class QemuCommandLine {

    private QemuCommandLine() {
    }

    /**
     * The full argv (emulator first) to run {@code def}: {@code -name guest=…}, {@code -uuid}, {@code -machine}
     * with accel (tcg for type='qemu', kvm for type='kvm'), {@code -m}, {@code -smp}, {@code -no-user-config
     * -nodefaults}, {@code -S}, QMP on {@code monitorSocket} (server, nowait), {@code -display none}, devices.
     * Every value from the XML is escaped for QEMU's option syntax (commas doubled) or rejected.
     *
     * @throws io.virtkit.api.VirtException CONFIG_UNSUPPORTED for what this driver cannot run
     */
    public static List<String> build(DomainDefinition def, String emulator, Path monitorSocket) {
        throw new UnsupportedOperationException("stub");
    }
}
