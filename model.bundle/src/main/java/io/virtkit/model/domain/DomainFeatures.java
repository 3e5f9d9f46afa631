package io.virtkit.model.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A domain's {@code <features>} besides the simple ones turned on (those are
 * {@link DomainDefinition#features()}): the simple ones turned off explicitly, a feature's settings, and the
 * features with children or values of their own. Absent parts are {@code null}.
 *
 * @param off          the simple features ({@link DomainXmlCodec#FEATURES}) given with {@code state='off'}
 * @param apicEoi      {@code <apic eoi>}, or {@code null}
 * @param hyperv       the Hyper-V enlightenments, or {@code null}
 * @param kvm          the KVM features, or {@code null}
 * @param xen          the Xen features, or {@code null}
 * @param capabilities a container's capabilities, or {@code null}
 * @param gicVersion   {@code <gic version>} ({@code ""} for a {@code <gic/>} without), or {@code null}
 * @param smmTseg      the SMM TSEG size ({@code <smm><tseg>}), or {@code null}
 * @param ioapicDriver {@code <ioapic driver>} ({@code ""} for an {@code <ioapic/>} without), or {@code null}
 * @param hpt          the HPT settings, or {@code null}
 * @param msrsUnknown  {@code <msrs unknown>} ({@code ignore}/{@code fail}), or {@code null}
 * @param cfpc         {@code <cfpc value>}, or {@code null}
 * @param sbbc         {@code <sbbc value>}, or {@code null}
 * @param ibs          {@code <ibs value>}, or {@code null}
 * @param tcgTbCache   the TCG translation block cache size ({@code <tcg><tb-cache>}), {@link Size#NONE} for a
 *                     {@code <tcg/>} without, or {@code null}
 */
public record DomainFeatures(Set<String> off, Boolean apicEoi, Hyperv hyperv, Kvm kvm, Xen xen,
        Capabilities capabilities, String gicVersion, Size smmTseg, String ioapicDriver, Hpt hpt, String msrsUnknown,
        String cfpc, String sbbc, String ibs, Size tcgTbCache) {

    public DomainFeatures {
        off = Set.copyOf(off == null ? Set.of() : off);
        for (String f : off) {
            if (!DomainXmlCodec.FEATURES.contains(f)) {
                throw DomainValues.invalid("state", f, "off");
            }
        }
        DomainValues.choice(gicVersion, "version", "gic", List.of("", "2", "3", "host"));
        DomainValues.choice(ioapicDriver, "driver", "ioapic", List.of("", "qemu", "kvm"));
        DomainValues.choice(msrsUnknown, "unknown", "msrs", List.of("ignore", "fail"));
        DomainValues.choice(cfpc, "value", "cfpc", List.of("broken", "workaround", "fixed"));
        DomainValues.choice(sbbc, "value", "sbbc", List.of("broken", "workaround", "fixed"));
        DomainValues.choice(ibs, "value", "ibs", List.of("broken", "fixed-ibs", "fixed-ccd", "fixed-na"));
    }

    /** Nothing beyond the simple features on. */
    public static final DomainFeatures NONE = new DomainFeatures(Set.of(), null, null, null, null, null, null, null,
            null, null, null, null, null, null, null);

    /** Whether nothing is given. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** Whether anything beyond simple features turned off is given. */
    public boolean hasMoreThanOff() {
        return !settingNames().isEmpty();
    }

    /**
     * The features given with settings or of their own (not simple ones turned off), in libvirt's order:
     * {@code apic} (with eoi), {@code hyperv}, {@code kvm}, {@code capabilities}, {@code gic}, {@code smm}
     * (with a TSEG), {@code ioapic}, {@code hpt}, {@code msrs}, {@code xen}, {@code cfpc}, {@code sbbc},
     * {@code ibs}, {@code tcg}.
     */
    public List<String> settingNames() {
        List<String> names = new java.util.ArrayList<>();
        Object[] given = {apicEoi, hyperv, kvm, capabilities, gicVersion, smmTseg, ioapicDriver, hpt, msrsUnknown,
            xen, cfpc, sbbc, ibs, tcgTbCache};
        List<String> order = List.of("apic", "hyperv", "kvm", "capabilities", "gic", "smm", "ioapic", "hpt", "msrs",
                "xen", "cfpc", "sbbc", "ibs", "tcg");
        for (int i = 0; i < given.length; i++) {
            if (given[i] != null) {
                names.add(order.get(i));
            }
        }
        return List.copyOf(names);
    }

    /** A size as given: {@code value} in {@code unit} ({@code null}: the element's default unit). */
    public record Size(Long value, String unit) {
        /** An element without a size. */
        public static final Size NONE = new Size(null, null);

        /** The size in KiB, {@code defaultUnit} when no unit is given; {@code null} without a value. */
        public Long kib(String defaultUnit) {
            return value == null ? null : DomainXmlCodec.scaleToKiB(value, unit == null ? defaultUnit : unit);
        }
    }

    /**
     * {@code <hyperv>}: its mode ({@code custom}/{@code passthrough}) and each enlightenment's state in libvirt's
     * order, with the settings of spinlocks, stimer and vendor_id.
     */
    public record Hyperv(String mode, Map<String, Boolean> states, Integer spinlockRetries, Boolean stimerDirect,
            String vendorId) {
        public static final List<String> ENLIGHTENMENTS = List.of("relaxed", "vapic", "spinlocks", "vpindex",
                "runtime", "synic", "stimer", "reset", "vendor_id", "frequencies", "reenlightenment", "tlbflush",
                "ipi", "evmcs", "avic");

        public Hyperv {
            DomainValues.choice(mode, "mode", "hyperv", List.of("custom", "passthrough"));
            states = DomainValues.ordered(states, ENLIGHTENMENTS, "HyperV Enlightenment feature");
            if (spinlockRetries != null && spinlockRetries < 4095) {
                throw new io.virtkit.api.VirtException(io.virtkit.api.ErrorCode.XML_ERROR,
                        io.virtkit.api.ErrorDomain.DOMAIN, "HyperV spinlock retry count must be at least 4095");
            }
            if (vendorId != null && (vendorId.isEmpty() || vendorId.length() > 12)) {
                throw new io.virtkit.api.VirtException(io.virtkit.api.ErrorCode.XML_ERROR,
                        io.virtkit.api.ErrorDomain.DOMAIN,
                        "value of HyperV vendor_id feature must not be empty or longer than 12 characters");
            }
        }
    }

    /** {@code <kvm>}: each feature's state in libvirt's order and the dirty ring size. */
    public record Kvm(Map<String, Boolean> states, Integer dirtyRingSize) {
        public static final List<String> FEATURES = List.of("hidden", "hint-dedicated", "poll-control", "pv-ipi",
                "dirty-ring");

        public Kvm {
            states = DomainValues.ordered(states, FEATURES, "KVM feature");
        }
    }

    /** {@code <xen>}: {@code e820_host} and {@code passthrough} with its mode. */
    public record Xen(Boolean e820Host, Boolean passthrough, String passthroughMode) {
        public Xen {
            DomainValues.choice(passthroughMode, "mode", "passthrough", List.of("sync_pt", "share_pt"));
        }
    }

    /** A container's {@code <capabilities>}: the policy and each capability's state. */
    public record Capabilities(String policy, Map<String, Boolean> states) {
        public static final List<String> NAMES = List.of("audit_control", "audit_write", "block_suspend", "chown",
                "dac_override", "dac_read_search", "fowner", "fsetid", "ipc_lock", "ipc_owner", "kill", "lease",
                "linux_immutable", "mac_admin", "mac_override", "mknod", "net_admin", "net_bind_service",
                "net_broadcast", "net_raw", "setgid", "setfcap", "setpcap", "setuid", "sys_admin", "sys_boot",
                "sys_chroot", "sys_module", "sys_nice", "sys_pacct", "sys_ptrace", "sys_rawio", "sys_resource",
                "sys_time", "sys_tty_config", "syslog", "wake_alarm");

        public Capabilities {
            Objects.requireNonNull(policy, "policy");
            DomainValues.choice(policy, "policy", "capabilities", List.of("default", "allow", "deny"));
            states = DomainValues.ordered(states, NAMES, "capability");
        }
    }

    /** {@code <hpt>}: {@code resizing} and the maximum page size. */
    public record Hpt(String resizing, Size maxPageSize) {
        public Hpt {
            DomainValues.choice(resizing, "resizing", "hpt", List.of("enabled", "disabled", "required"));
        }
    }
}
