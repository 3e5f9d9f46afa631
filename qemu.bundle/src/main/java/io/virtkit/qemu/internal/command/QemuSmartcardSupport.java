package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.SmartcardDevice;

/**
 * What of a {@code <smartcard>} the QEMU driver refuses at start: every mode for now, since no CCID card is put
 * on the command line (a guest would otherwise start without the reader its definition promises).
 */
final class QemuSmartcardSupport {

    private QemuSmartcardSupport() {
    }

    static void check(DomainDevices devices) {
        for (SmartcardDevice card : devices.smartcards()) {
            throw unsupported("smartcard mode '" + card.mode() + "' is not supported by the QEMU driver");
        }
    }
}
