package io.virtkit.qemu.internal.command;

import java.util.ArrayList;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;

/**
 * One command line being built: the definition (with its addresses and aliases), the host-side options,
 * the argv so far and what the device families share (root-bus slots, boot order). Each family of
 * devices adds its own options ({@link QemuDiskArgs}, {@link QemuNicArgs}, {@link QemuCharArgs},
 * {@link QemuGraphicsArgs}, {@link QemuControllerArgs}).
 */
final class QemuArgv {

    final DomainDefinition def;
    final String emulator;
    final QemuCommandOptions options;
    final String machine;
    final boolean q35;
    final QemuBootOrder boot;
    /** The root bus's slots: where each PCI device without an address of its own goes. */
    final QemuPciAddresses.Slots slots;
    private final List<String> argv = new ArrayList<>();

    QemuArgv(DomainDefinition def, String emulator, QemuCommandOptions options) {
        this.def = def;
        this.emulator = emulator;
        this.options = options;
        this.machine = def.os().machine() == null ? "pc" : def.os().machine();
        this.q35 = QemuMachineBuses.isQ35(machine);
        this.boot = new QemuBootOrder(def);
        this.slots = new QemuPciAddresses.Slots(def, machine);
    }

    void add(String option, String value) {
        argv.add(option);
        argv.add(value);
    }

    void add(String word) {
        argv.add(word);
    }

    boolean contains(String word) {
        return argv.contains(word);
    }

    List<String> argv() {
        return List.copyOf(argv);
    }

    /** The QEMU bus a device goes on: the root bus's name or the alias of the PCI controller of that index. */
    String pciBus(int index) {
        return QemuMachineBuses.pciBus(def, q35, index);
    }

    static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, detail);
    }

    /**
     * Escapes a value for QEMU's option parsers (QemuOpts and keyval): a comma ends a value, so each one is
     * doubled. NUL and newline cannot be passed at all and are rejected.
     */
    static String escape(String value) {
        checkChars("option value", value);
        return value.replace(",", ",,");
    }

    static void checkChars(String what, String value) {
        if (value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw unsupported(what + " '" + value.replace("\0", "\\0").replace("\n", "\\n").replace("\r", "\\r")
                    + "' contains a character QEMU cannot take (NUL or newline)");
        }
    }
}
