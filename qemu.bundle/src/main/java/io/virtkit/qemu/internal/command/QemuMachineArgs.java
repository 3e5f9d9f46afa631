package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.checkChars;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.virtkit.model.domain.DomainClock;
import io.virtkit.model.domain.DomainOs;

/** The machine's clock and direct kernel boot. */
final class QemuMachineArgs {

    private QemuMachineArgs() {
    }

    static void rtc(QemuArgv a) {
        DomainClock clock = a.def.clock();
        String base = switch (clock.offset()) {
            case UTC -> "utc";
            case LOCALTIME -> "localtime";
            case VARIABLE -> DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).format(
                    Instant.now().plusSeconds(clock.adjustment() == null ? 0 : clock.adjustment())
                            .atOffset(ZoneOffset.UTC));
            case TIMEZONE -> throw new IllegalStateException("refused in checkSupported");
        };
        a.add("-rtc", "base=" + base);
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
