package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.escape;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.virtkit.model.domain.DomainClock;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainElement;
import io.virtkit.model.domain.DomainPlatform;
import io.virtkit.model.domain.DomainSysinfo;
import io.virtkit.model.domain.DomainTuning;
import io.virtkit.model.domain.OsFirmware;
import io.virtkit.model.domain.DomainFeatures;
import io.virtkit.model.domain.DomainIothreads;

/**
 * The options of the top-level elements outside {@code <devices>} this driver runs (what it cannot is refused
 * by {@link QemuTopLevelSupport} first): machine properties from features, memory and timers, the RAM
 * backend of {@code <memoryBacking>}, SMBIOS and fw_cfg from {@code <sysinfo>}, the boot menu, the RTC,
 * power management, the generation ID, I/O threads, and {@code qemu:commandline} passthrough.
 */
final class QemuTopLevelArgs {

    /** SMBIOS blocks of {@code <sysinfo type='smbios'>} and their QEMU {@code -smbios type=N}. */
    static final Map<String, Integer> SMBIOS_TYPES = Map.of("bios", 0, "system", 1, "baseBoard", 2, "chassis", 3,
            "oemStrings", 11);

    private QemuTopLevelArgs() {
    }

    /** The {@code -machine} properties after type and accel. */
    static void machineProperties(QemuArgv a, StringBuilder sb) {
        DomainDefinition def = a.def;
        for (String f : List.of("vmport", "smm")) {
            if (def.features().contains(f)) {
                sb.append(',').append(f).append("=on");
            } else if (featuresOff(def).contains(f)) {
                sb.append(',').append(f).append("=off");
            }
        }
        DomainTuning.MemoryBacking mb = memoryBacking(def);
        if (mb != null && mb.noSharePages()) {
            sb.append(",mem-merge=off");
        }
        if (mb != null && needsBackend(mb) && QemuNumaArgs.cells(def).isEmpty()) {
            sb.append(",memory-backend=pc.ram");
        }
        for (DomainClock.Timer t : def.clock().timers()) {
            if (Boolean.FALSE.equals(t.present()) && (t.name().equals("hpet") || t.name().equals("pit"))) {
                sb.append(',').append(t.name()).append("=off");
            }
        }
    }

    private static Set<String> featuresOff(DomainDefinition def) {
        return def.featureSettings() == null ? Set.of() : def.featureSettings().off();
    }

    /** The TCG translation block cache in MiB ({@code <features><tcg><tb-cache>}), {@code null} without one. */
    static Long tbCacheMiB(DomainDefinition def) {
        DomainFeatures.Size cache = def.featureSettings() == null ? null : def.featureSettings().tcgTbCache();
        Long kib = cache == null ? null : cache.kib("MiB");
        return kib == null ? null : kib / 1024;
    }

    /** {@code -compat} for {@code <qemu:deprecation behavior>}, as libvirt maps it. */
    static void deprecation(QemuArgv a) {
        String behavior = a.def.namespaces() == null ? null : a.def.namespaces().qemuDeprecation();
        if (behavior == null || behavior.equals("none")) {
            return;
        }
        a.add("-compat", switch (behavior) {
            case "omit" -> "deprecated-output=hide";
            case "reject" -> "deprecated-input=reject,deprecated-output=hide";
            case "crash" -> "deprecated-input=crash,deprecated-output=hide";
            default -> throw QemuArgv.unsupported("unknown deprecation behavior '" + behavior + "'");
        });
    }

    /** {@code dump-guest-core}: from {@code <memory dumpCore>}, off by default as libvirt's. */
    static String dumpGuestCore(DomainDefinition def) {
        DomainElement memory = def.element("memory");
        return memory != null && "on".equals(memory.attr("dumpCore")) ? "on" : "off";
    }

    /** The options that go right after {@code -m}: memory locking and the RAM backend. */
    static void memory(QemuArgv a) {
        DomainTuning.MemoryBacking mb = memoryBacking(a.def);
        if (mb == null) {
            return;
        }
        if (mb.locked()) {
            a.add("-overcommit", "mem-lock=on");
        }
        if (needsBackend(mb) && QemuNumaArgs.cells(a.def).isEmpty()) {
            boolean memfd = "memfd".equals(mb.sourceType());
            StringBuilder sb = new StringBuilder(memfd ? "memory-backend-memfd" : "memory-backend-ram")
                    .append(",id=pc.ram,size=").append(a.def.memoryKiB()).append('k');
            if (mb.accessMode() != null) {
                sb.append(",share=").append(mb.accessMode().equals("shared") ? "on" : "off");
            }
            if ("immediate".equals(mb.allocationMode())) {
                sb.append(",prealloc=on");
                if (mb.allocationThreads() != null) {
                    sb.append(",prealloc-threads=").append(mb.allocationThreads());
                }
            }
            a.add("-object", sb.toString());
        }
    }

    /** {@code <memoryBacking>}, {@code null} without one. */
    static DomainTuning.MemoryBacking memoryBacking(DomainDefinition def) {
        return def.tuning() == null ? null : def.tuning().memoryBacking();
    }

    private static boolean needsBackend(DomainTuning.MemoryBacking mb) {
        return "memfd".equals(mb.sourceType()) || mb.accessMode() != null || "immediate".equals(mb.allocationMode());
    }

    /** {@code -rtc}: the clock's base, what it tracks and the catch-up policy of the RTC timer. */
    static void rtc(QemuArgv a) {
        DomainClock clock = a.def.clock();
        String base = switch (clock.offset()) {
            case UTC -> "utc";
            case LOCALTIME -> "localtime";
            case VARIABLE -> {
                boolean localBasis = "localtime".equals(clock.basis());
                Instant at = Instant.now().plusSeconds(clock.adjustment() == null ? 0 : clock.adjustment());
                ZoneOffset zone = localBasis ? ZoneId.systemDefault().getRules().getOffset(at) : ZoneOffset.UTC;
                yield DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).format(at.atOffset(zone));
            }
            case ABSOLUTE -> DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT)
                    .format(Instant.ofEpochSecond(clock.start()).atOffset(ZoneOffset.UTC));
            case TIMEZONE -> throw new IllegalStateException("refused in checkSupported");
        };
        StringBuilder sb = new StringBuilder("base=").append(base);
        for (DomainClock.Timer t : clock.timers()) {
            if (!t.name().equals("rtc")) {
                continue;
            }
            String track = t.track();
            if (track != null) {
                switch (track) {
                    case "guest" -> sb.append(",clock=vm");
                    case "wall", "realtime" -> sb.append(",clock=rt");
                    default -> sb.append(",clock=host");
                }
            }
            if ("catchup".equals(t.tickpolicy())) {
                sb.append(",driftfix=slew");
            }
        }
        a.add("-rtc", sb.toString());
        for (DomainClock.Timer t : clock.timers()) {
            if (t.name().equals("pit") && a.def.type().equals("kvm") && t.tickpolicy() != null) {
                a.add("-global", "kvm-pit.lost_tick_policy=" + t.tickpolicy());
            }
        }
    }

    /** {@code -boot}: the boot menu and reboot timeout with libvirt's {@code strict=on}. */
    static void boot(QemuArgv a) {
        OsFirmware fw = a.def.os().firmware();
        StringBuilder sb = new StringBuilder();
        if (fw != null && fw.bootMenu() != null) {
            sb.append("menu=").append(fw.bootMenu() ? "on" : "off").append(',');
            if (fw.bootMenuTimeout() != null && fw.bootMenu()) {
                sb.append("splash-time=").append(fw.bootMenuTimeout()).append(',');
            }
        }
        if (fw != null && fw.biosRebootTimeout() != null) {
            sb.append("reboot-timeout=").append(fw.biosRebootTimeout()).append(',');
        }
        a.add("-boot", sb + "strict=on");
    }

    /** Firmware: a ROM loader ({@code -bios}), ACPI tables and the serial graphics adapter. */
    static void firmware(QemuArgv a) {
        OsFirmware fw = a.def.os().firmware();
        if (fw == null) {
            return;
        }
        if (fw.loader() != null && fw.loader().path() != null) {
            a.add("-bios", fw.loader().path());
        }
        for (OsFirmware.AcpiTable table : fw.acpiTables()) {
            a.add("-acpitable", "sig=" + table.type().toUpperCase(Locale.ROOT) + ",file=" + escape(table.path()));
        }
        if (Boolean.TRUE.equals(fw.biosUseSerial())) {
            a.add("-device", "sga");
        }
    }

    /** {@code -smbios} from {@code <sysinfo type='smbios'>} and {@code -fw_cfg} from {@code type='fwcfg'}. */
    static void sysinfo(QemuArgv a) {
        for (DomainSysinfo sysinfo : a.def.sysinfo()) {
            if (sysinfo.type().equals("fwcfg")) {
                for (DomainSysinfo.Entry entry : sysinfo.entries()) {
                    String value = entry.file() != null ? "file=" + escape(entry.file())
                            : "string=" + escape(entry.value() == null ? "" : entry.value());
                    a.add("-fw_cfg", "name=" + escape(entry.name()) + "," + value);
                }
                continue;
            }
            for (DomainSysinfo.Block block : sysinfo.blocks()) {
                int type = SMBIOS_TYPES.get(block.name());
                if (type == 11) {
                    StringBuilder sb = new StringBuilder("type=11");
                    for (DomainSysinfo.Entry entry : block.entries()) {
                        sb.append(",value=").append(escape(entry.value() == null ? "" : entry.value()));
                    }
                    a.add("-smbios", sb.toString());
                    continue;
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (DomainSysinfo.Entry entry : block.entries()) {
                    fields.put(smbiosField(entry.name()), entry.value() == null ? "" : entry.value());
                }
                if (!fields.isEmpty()) {
                    StringBuilder sb = new StringBuilder("type=").append(type);
                    fields.forEach((k, v) -> sb.append(',').append(k).append('=').append(escape(v)));
                    a.add("-smbios", sb.toString());
                }
            }
        }
    }

    /** libvirt's entry names are QEMU's field names except for the asset tag. */
    private static String smbiosField(String name) {
        return name.equals("asset") ? "asset" : name;
    }

    /** Power management ({@code <pm>}), the generation ID, vmcoreinfo, SMM TSEG and I/O threads. */
    static void devices(QemuArgv a) {
        DomainDefinition def = a.def;
        DomainPlatform platform = def.platform();
        if (platform != null) {
            String chip = a.q35 ? "ICH9-LPC" : "PIIX4_PM";
            if (platform.suspendToMem() != null) {
                a.add("-global", chip + ".disable_s3=" + (platform.suspendToMem() ? "0" : "1"));
            }
            if (platform.suspendToDisk() != null) {
                a.add("-global", chip + ".disable_s4=" + (platform.suspendToDisk() ? "0" : "1"));
            }
        }
        if (platform != null && platform.genid() != null) {
            String guid = platform.genid().isEmpty() ? "auto" : platform.genid();
            a.add("-device", "vmgenid,guid=" + escape(guid) + ",id=vmgenid0");
        }
        if (def.features().contains("vmcoreinfo")) {
            a.add("-device", "vmcoreinfo");
        }
        DomainFeatures.Size tseg = def.featureSettings() == null ? null : def.featureSettings().smmTseg();
        if (tseg != null && tseg.value() != null) {
            a.add("-global", "mch.extended-tseg-mbytes=" + tseg.kib("MiB") / 1024);
        }
        DomainIothreads threads = def.iothreads();
        if (threads == null) {
            return;
        }
        if (threads.defaultThread() != null) {
            a.add("-object", "main-loop,id=main-loop" + pool(threads.defaultThread()));
        }
        List<String> made = new ArrayList<>();
        for (DomainIothreads.Iothread t : threads.ids()) {
            String id = "iothread" + t.id();
            made.add(id);
            a.add("-object", "iothread,id=" + id + pool(t.pool()));
        }
        if (threads.count() != null) {
            int n = threads.count();
            for (int i = 1; made.size() < n; i++) {
                if (!made.contains("iothread" + i)) {
                    made.add("iothread" + i);
                    a.add("-object", "iothread,id=iothread" + i);
                }
            }
        }
    }

    private static String pool(DomainIothreads.ThreadPool pool) {
        StringBuilder sb = new StringBuilder();
        if (pool.min() != null) {
            sb.append(",thread-pool-min=").append(pool.min());
        }
        if (pool.max() != null) {
            sb.append(",thread-pool-max=").append(pool.max());
        }
        return sb.toString();
    }

    /** {@code qemu:commandline}'s arguments, appended last as libvirt does. */
    static void passthroughArgs(QemuArgv a) {
        if (a.def.namespaces() != null) {
            a.def.namespaces().qemuArgs().forEach(a::add);
        }
    }

    /** {@code qemu:commandline}'s environment, set for QEMU's process. */
    static Map<String, String> passthroughEnv(DomainDefinition def) {
        Map<String, String> env = new LinkedHashMap<>();
        if (def.namespaces() != null) {
            def.namespaces().qemuEnv().forEach(e -> env.put(e.name(), e.value() == null ? "" : e.value()));
        }
        return env;
    }
}
