package io.virtkit.qemu.internal.caps;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The QEMU driver's capabilities documents, both from the same probe of the emulator: the domain capabilities
 * ({@code virConnectGetDomainCapabilities}) and the capabilities XML ({@code virConnectGetCapabilities}). One
 * per driver state: its cache keeps each binary's probe until the binary changes.
 */
public final class QemuCapabilities {

    /** How long a probe QEMU has to start and answer all queries. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private final EmulatorFactsCache cache;
    private final DriverSupport support;

    public QemuCapabilities() {
        this(DriverSupport.QEMU_DRIVER);
    }

    QemuCapabilities(DriverSupport support) {
        this.cache = new EmulatorFactsCache(PROBE_TIMEOUT);
        this.support = support;
    }

    /**
     * The {@code <domainCapabilities>} XML for the four arguments (each may be null), as libvirt's QEMU driver.
     *
     * @param defaultEmulator the driver's emulator, for a null {@code emulatorbin}
     * @param kvmUsable       the KVM probe's verdict, asked only when KVM matters
     * @throws VirtException INVALID_ARG for flags, an unknown virt type or architecture, an architecture or
     *         virt type the emulator does not serve, or a machine type it does not have; CONFIG_UNSUPPORTED for
     *         an architecture no emulator of the driver serves; SYSTEM_ERROR for a binary that is missing or not
     *         executable; INTERNAL_ERROR when the binary does not answer as a QEMU
     */
    public String domainCapabilities(String emulatorbin, String arch, String machine, String virttype, long flags,
            String defaultEmulator, BooleanSupplier kvmUsable) {
        if (flags != 0) {
            // libvirt 9.0 defines no flag for this call; its QEMU driver names its own function
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, "unsupported flags (0x"
                    + Long.toHexString(flags) + ") in function qemuConnectGetDomainCapabilities");
        }
        DomainCapabilitiesQuery q = DomainCapabilitiesQuery.resolve(emulatorbin, arch, machine, virttype,
                defaultEmulator, kvmUsable, cache);
        return DomainCapabilitiesXml.write(q, support);
    }

    /** The capabilities XML; the guests list no machine type when {@code emulator} cannot be probed. */
    public String hostCapabilities(String emulator, boolean kvmUsable) {
        return hostCapabilities(emulator, kvmUsable, null);
    }

    /** As {@link #hostCapabilities(String, boolean)}, with the host's UUID ({@code <host><uuid>}) when not null. */
    public String hostCapabilities(String emulator, boolean kvmUsable, java.util.UUID hostUuid) {
        EmulatorFacts facts;
        try {
            facts = cache.of(emulator, "tcg");
        } catch (VirtException e) {
            facts = null;
        }
        return HostCapabilitiesXml.write(emulator, facts, kvmUsable, hostUuid);
    }

    /** How many times an emulator has been probed (each probe starts a QEMU). */
    int probes() {
        return cache.probes();
    }
}
