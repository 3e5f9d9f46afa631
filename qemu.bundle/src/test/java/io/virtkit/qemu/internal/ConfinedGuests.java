package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.virtkit.api.Connection;
import io.virtkit.api.DomainEventType;

/**
 * The check every QEMU test guest passes: a guest started on confined directories (qemu:///system's, which
 * {@link QemuDriverSettings#forTests} tests share) runs as QEMU's unprivileged user and group with no capability
 * (CapEff, CapPrm, CapBnd all zero in /proc/PID/status). {@link QemuGuests#open} watches every connection it
 * opens; each STARTED event checks the domain's QEMU; this extension, registered for every test of the module
 * (JUnit's extension autodetection, src/test/resources), fails the test during which a guest was not confined.
 */
public final class ConfinedGuests implements AfterEachCallback {

    private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

    /** Checks each guest {@code c} sees starting, when {@code security} confines them. */
    static void watch(Connection c, QemuSecurity security) {
        if (!security.confined()) {
            return;
        }
        QemuSecurity.QemuIdentity id = security.identity();
        c.addDomainEventListener(e -> {
            if (e.type() == DomainEventType.STARTED) {
                VIOLATIONS.addAll(check(e.domain().uuid(), id));
            }
        });
    }

    /** What is wrong with the QEMU processes of {@code uuid} (empty when each runs confined or none runs). */
    static List<String> check(UUID uuid, QemuSecurity.QemuIdentity id) {
        List<String> wrong = new ArrayList<>();
        for (ProcessHandle p : ProcessHandle.allProcesses().filter(p -> !ProcessFacts.isZombie(p.pid()))
                .filter(p -> ProcessFacts.cmdline(p.pid()).contains("-uuid\0" + uuid + "\0")).toList()) {
            String status;
            try {
                status = Files.readString(Path.of("/proc", Long.toString(p.pid()), "status"));
            } catch (IOException e) {
                continue; // gone meanwhile
            }
            String expectUid = id.uid() + "\t" + id.uid() + "\t" + id.uid() + "\t" + id.uid();
            String expectGid = id.gid() + "\t" + id.gid() + "\t" + id.gid() + "\t" + id.gid();
            if (!field(status, "Uid").equals(expectUid) || !field(status, "Gid").equals(expectGid)) {
                wrong.add("QEMU " + p.pid() + " of " + uuid + " runs as Uid " + field(status, "Uid") + ", Gid "
                        + field(status, "Gid") + " (expected " + id + ")");
            }
            for (String cap : List.of("CapEff", "CapPrm", "CapBnd")) {
                if (!field(status, cap).matches("0+")) {
                    wrong.add("QEMU " + p.pid() + " of " + uuid + " has " + cap + " " + field(status, cap));
                }
            }
        }
        return wrong;
    }

    /** A field of /proc/PID/status, e.g. "Uid" gives "993\t993\t993\t993". */
    static String field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return "";
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> seen = new ArrayList<>(VIOLATIONS);
        VIOLATIONS.clear();
        assertThat(seen).as("every guest started by " + context.getDisplayName() + " runs confined").isEmpty();
    }
}
