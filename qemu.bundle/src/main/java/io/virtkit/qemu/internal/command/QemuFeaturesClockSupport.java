package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;
import static io.virtkit.qemu.internal.command.QemuTopLevelSupport.notSupported;

import io.virtkit.model.domain.DomainClock;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainFeatures;

/**
 * What of {@code <features>} beyond the simple ones, and of {@code <clock>}'s timers, this driver cannot run
 * (called from {@link QemuTopLevelSupport}): the other hypervisors' and KVM-only features, and the timer
 * settings QEMU has no option for.
 */
final class QemuFeaturesClockSupport {

    private QemuFeaturesClockSupport() {
    }

    static void check(DomainDefinition def, boolean kvm, boolean q35) {
        DomainFeatures f = def.featureSettings();
        if (f != null) {
            checkFeatures(f, kvm, q35);
        }
        checkClock(def.clock(), kvm);
    }

    private static void checkFeatures(DomainFeatures f, boolean kvm, boolean q35) {
        // a simple feature turned off is QEMU's default or an -machine/-cpu property set to off
        if (f.smmTseg() != null && !q35) {
            throw unsupported("SMM TSEG is only supported with q35 machine type");
        }
        if (f.tcgTbCache() != null && kvm) {
            throw unsupported("TCG features are incompatible with domain type 'kvm'");
        }
        if (f.apicEoi() != null) {
            throw notSupported("apic eoi", "it needs KVM");
        }
        if ("kvm".equals(f.ioapicDriver())) {
            throw notSupported("ioapic driver 'kvm'", "the guest's IOAPIC is QEMU's");
        }
        refuse("hyperv", f.hyperv());
        refuse("kvm", f.kvm());
        refuse("xen", f.xen());
        refuse("capabilities", f.capabilities());
        refuse("gic", f.gicVersion());
        refuse("hpt", f.hpt());
        refuse("msrs", f.msrsUnknown());
        refuse("cfpc", f.cfpc());
        refuse("sbbc", f.sbbc());
        refuse("ibs", f.ibs());
    }

    private static void refuse(String feature, Object given) {
        if (given != null) {
            throw unsupported("feature '" + feature + "' is not supported by the QEMU driver");
        }
    }

    /** Every offset but timezone (QemuCommandLine's) is an {@code -rtc base}; what QEMU lacks is timer settings. */
    private static void checkClock(DomainClock clock, boolean kvm) {
        for (DomainClock.Timer t : clock.timers()) {
            String name = t.name();
            boolean absent = Boolean.FALSE.equals(t.present());
            if (t.catchup() != null) {
                throw notSupported("timer catchup settings", null);
            }
            if (t.frequency() != null || t.mode() != null) {
                throw notSupported("timer frequency or mode", null);
            }
            String tick = t.tickpolicy();
            switch (name) {
                case "rtc" -> {
                    if (absent) {
                        throw unsupported("unsupported rtc timer present='no'");
                    }
                    if (tick != null && !tick.equals("delay") && !tick.equals("catchup")) {
                        throw unsupported("unsupported rtc timer tickpolicy '" + tick + "'");
                    }
                }
                case "pit" -> {
                    if (tick != null && !tick.equals("delay") && !(kvm && tick.equals("discard"))) {
                        throw unsupported("unsupported pit tickpolicy '" + tick + "'");
                    }
                }
                case "hpet" -> {
                    if (tick != null) {
                        throw unsupported("unsupported hpet tickpolicy '" + tick + "'");
                    }
                }
                case "kvmclock", "hypervclock" -> {
                    if (!absent) {
                        throw notSupported("timer '" + name + "'", "it needs KVM");
                    }
                }
                default -> throw notSupported("timer '" + name + "'", null);
            }
            if (t.track() != null && !name.equals("rtc")) {
                throw unsupported("timer track is only for the rtc timer");
            }
        }
    }
}
