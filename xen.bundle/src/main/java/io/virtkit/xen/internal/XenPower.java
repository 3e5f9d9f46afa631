package io.virtkit.xen.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.xen.internal.channel.CommandResult;
import io.virtkit.xen.internal.channel.ShellQuoting;
import io.virtkit.xen.internal.toolstack.XlFailure;
import io.virtkit.xen.internal.toolstack.XlJson;
import io.virtkit.xen.internal.toolstack.XlListing;
import io.virtkit.xen.internal.toolstack.XlToolstack;

/**
 * Clean shutdown and reboot with {@code xl shutdown} / {@code xl reboot}: both are requests the guest may honour or
 * not, so each waits (at most {@code timeout}) for what it asked for, read from {@code xl list}: after a shutdown
 * the domain gone — not merely shut down: xl shows it as {@code (null)} in state {@code s}/{@code d} until the xl
 * process that started it reaps it —, after a reboot the domain of the same UUID running again under a new id. A
 * guest that does not answer in time is left running and the call fails with OPERATION_TIMEOUT (a shutdown is a
 * request, as libvirt says). A domain that is gone loses its live XML.
 */
final class XenPower {

    /** libvirt's {@code VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN} (also {@code VIR_DOMAIN_REBOOT_ACPI_POWER_BTN}). */
    static final long ACPI_POWER_BTN = 1;
    /** libvirt's {@code VIR_DOMAIN_SHUTDOWN_PARAVIRT} (also {@code VIR_DOMAIN_REBOOT_PARAVIRT}). */
    static final long PARAVIRT = 1 << 4;
    private static final Duration FIRST_LOOK = Duration.ofMillis(100);
    private static final Duration LONGEST_LOOK = Duration.ofSeconds(1);

    private final XlToolstack xl;
    private final XenLifecycle lifecycle;
    private final Duration timeout;

    XenPower(XlToolstack xl, XenLifecycle lifecycle, Duration timeout) {
        this.xl = xl;
        this.lifecycle = lifecycle;
        this.timeout = timeout;
    }

    /**
     * {@code virDomainShutdownFlags} as libvirt's libxl driver takes it: PARAVIRT (xenstore's shutdown request),
     * ACPI_POWER_BTN (the power button of an HVM guest), none meaning both (the button when the guest has no PV
     * drivers); then waits until the domain is gone; the domain it was.
     */
    XenDomain shutdown(DomainRef ref, long flags) {
        DriverFlags.check(flags, ACPI_POWER_BTN | PARAVIRT, "virDomainShutdownFlags");
        XenDomain domain = lifecycle.running(ref);
        String id = Integer.toString(domain.id());
        long asked = flags == 0 ? ACPI_POWER_BTN | PARAVIRT : flags;
        if (asked == (ACPI_POWER_BTN | PARAVIRT)) {
            onDomain(xl, domain, "shutdown", "xl", "shutdown", "-F", id);
        } else if (asked == PARAVIRT) {
            onDomain(xl, domain, "shutdown", "xl", "shutdown", id);
        } else {
            // xl "sends" the button to a PV or PVH domain too, where nothing can press it: refused, not waited for
            if (!"hvm".equals(XlJson.string(xl.configOf(domain.id()), "config", "c_info", "type"))) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL, "Failed to shutdown domain '"
                        + domain.id() + "' with libxenlight: only an HVM domain has an ACPI power button");
            }
            onDomain(xl, domain, "shutdown", "xl", "trigger", id, "power");
        }
        awaitRows(domain, "shut down", rows -> rows.stream().noneMatch(r -> r.uuid().equals(domain.uuid())));
        lifecycle.forgetLive(domain);
        return domain;
    }

    /**
     * {@code virDomainReboot}: PARAVIRT only (none means it), as libvirt's libxl driver; waits until the domain runs
     * again under a new id (xl's process that started it builds it anew).
     */
    void reboot(DomainRef ref, long flags) {
        DriverFlags.check(flags, PARAVIRT, "virDomainReboot");
        XenDomain domain = lifecycle.running(ref);
        onDomain(xl, domain, "reboot", "xl", "reboot", Integer.toString(domain.id()));
        awaitRows(domain, "reboot", rows -> rows.stream().anyMatch(r -> r.uuid().equals(domain.uuid())
                && r.id() != domain.id() && !r.ending() && !r.paused()));
    }

    /**
     * Runs an xl command on a domain; when it fails, libvirt's libxl wording ("Failed to WHAT domain 'ID' with
     * libxenlight") with xl's message.
     */
    static void onDomain(XlToolstack xl, XenDomain domain, String what, String... command) {
        CommandResult result = xl.run(ShellQuoting.line(command), new byte[0], xl.timeout());
        if (!result.succeeded()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL, "Failed to " + what + " domain '"
                    + domain.id() + "' with libxenlight: " + XlFailure.message(result));
        }
    }

    /**
     * Reads {@code xl list} until {@code done} holds, at growing intervals (0.1 s to 1 s: a guest answers in
     * seconds), at most {@link #timeout}.
     */
    private void awaitRows(XenDomain domain, String what, Predicate<List<XlListing>> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = FIRST_LOOK;
        while (!done.test(xl.list())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.LIBXL, "domain '" + domain.name()
                        + "' did not " + what + " within " + timeout.toSeconds() + " s (it keeps running)");
            }
            try {
                Thread.sleep(Math.min(pause.toMillis(), Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.LIBXL,
                        "interrupted while waiting for domain '" + domain.name() + "' to " + what);
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_LOOK) > 0 ? LONGEST_LOOK : pause.multipliedBy(2);
        }
    }
}
