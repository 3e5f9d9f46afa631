package io.virtkit.qemu.internal.caps;

import java.util.Set;
import java.util.function.BooleanSupplier;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The four arguments of {@code virConnectGetDomainCapabilities} resolved as libvirt's QEMU driver resolves
 * them, with its errors in its order and words: the virt type's name, then the architecture's, then the
 * binary (the driver's emulator when none is given), the architecture it serves, the accelerator, then the
 * machine type (an alias becomes its machine; none gives the emulator's default).
 *
 * @param binary   the emulator
 * @param arch     the guest architecture, libvirt's name
 * @param virtType "qemu" or "kvm"
 * @param facts    the emulator's probed facts under the virt type's accelerator
 * @param machine  the machine type, canonical; null when the emulator has no default and none was asked
 */
record DomainCapabilitiesQuery(String binary, String arch, String virtType, EmulatorFacts facts,
        EmulatorFacts.Machine machine) {

    /** libvirt 9.0's virt type names ({@code virDomainVirtType}): a name not here is "unknown". */
    static final Set<String> LIBVIRT_VIRT_TYPES = Set.of("none", "qemu", "kqemu", "kvm", "xen", "lxc", "uml",
            "openvz", "test", "vmware", "hyperv", "vbox", "phyp", "parallels", "bhyve", "vz", "hvf");

    /** libvirt 9.0's architecture names ({@code virArch}): a name not here is "unknown". */
    static final Set<String> LIBVIRT_ARCHES = Set.of("i686", "x86_64", "aarch64", "alpha", "armv6l", "armv7l",
            "armv7b", "cris", "lm32", "m68k", "microblaze", "microblazeel", "mips", "mipsel", "mips64", "mips64el",
            "openrisc", "parisc", "parisc64", "ppc", "ppcle", "ppc64", "ppc64le", "ppcemb", "riscv32", "riscv64",
            "s390", "s390x", "sh4", "sh4eb", "sparc", "sparc64", "unicore32", "xtensa", "xtensaeb");

    /**
     * @param emulatorbin the caller's emulator or null
     * @param arch        the caller's architecture or null
     * @param machine     the caller's machine type or null
     * @param virttype    the caller's virt type or null
     * @param defaultEmulator the driver's emulator
     * @param kvmUsable   asked only when KVM matters: whether the KVM probe passes on this host
     * @param cache       the emulators' facts
     * @throws VirtException libvirt's INVALID_ARG, CONFIG_UNSUPPORTED or SYSTEM_ERROR, see the class comment
     */
    static DomainCapabilitiesQuery resolve(String emulatorbin, String arch, String machine, String virttype,
            String defaultEmulator, BooleanSupplier kvmUsable, EmulatorFactsCache cache) {
        if (virttype != null && !LIBVIRT_VIRT_TYPES.contains(virttype)) {
            throw invalid("unknown virttype: " + virttype);
        }
        if (arch != null && !LIBVIRT_ARCHES.contains(arch)) {
            throw invalid("unknown architecture: " + arch);
        }
        if (emulatorbin == null && arch != null && !DriverSupport.ARCHES.contains(arch)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "unable to find any emulator to serve '" + arch + "' architecture");
        }
        String binary = emulatorbin != null ? emulatorbin : defaultEmulator;
        String type = virttype == null || virttype.equals("none")
                ? (kvmUsable.getAsBoolean() ? "kvm" : "qemu") : virttype;
        boolean kvm = type.equals("kvm");
        // the TCG probe answers what the binary is; the KVM one is only run once KVM can be used
        EmulatorFacts facts = cache.of(binary, "tcg");
        String binaryArch = libvirtArch(facts.targetArch());
        String guestArch = arch != null ? arch : binaryArch;
        if (!serves(binaryArch, guestArch)) {
            throw invalid("architecture from emulator '" + binaryArch + "' doesn't match given architecture '"
                    + guestArch + "'");
        }
        if (!DriverSupport.ARCHES.contains(guestArch)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "Emulator '" + binary + "' does not support arch '" + guestArch + "'");
        }
        if (!DriverSupport.VIRT_TYPES.contains(type) || (kvm && !kvmUsable.getAsBoolean())) {
            throw invalid("the accel '" + (kvm ? "kvm" : "tcg") + "' is not supported by '" + binary
                    + "' on this host");
        }
        if (kvm) {
            facts = cache.of(binary, "kvm");
        }
        EmulatorFacts.Machine chosen;
        if (machine != null) {
            EmulatorFacts f = facts;
            chosen = facts.machine(machine).orElseThrow(() -> invalid("the machine '" + machine
                    + "' is not supported by emulator '" + f.binary() + "'"));
        } else {
            chosen = facts.defaultMachine().orElse(null);
        }
        return new DomainCapabilitiesQuery(binary, guestArch, type, facts, chosen);
    }

    /** QEMU's target names to libvirt's architecture names (they differ for 32-bit x86). */
    static String libvirtArch(String qemuTarget) {
        return qemuTarget.equals("i386") ? "i686" : qemuTarget;
    }

    /** An x86_64 emulator also runs i686 guests, as libvirt lets it. */
    private static boolean serves(String binaryArch, String guestArch) {
        return binaryArch.equals(guestArch) || (binaryArch.equals("x86_64") && guestArch.equals("i686"));
    }

    private static VirtException invalid(String detail) {
        return new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, detail);
    }
}
