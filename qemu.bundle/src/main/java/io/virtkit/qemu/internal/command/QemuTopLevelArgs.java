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
        DomainElement mb = def.element("memoryBacking");
        if (mb != null && mb.child("nosharepages") != null) {
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
        DomainElement d = a.def.element(QemuTopLevelSupport.QEMU_NS, "deprecation");
        String behavior = d == null ? null : d.attr("behavior");
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
        DomainElement mb = a.def.element("memoryBacking");
        if (mb == null) {
            return;
        }
        if (mb.child("locked") != null) {
            a.add("-overcommit", "mem-lock=on");
        }
        if (needsBackend(mb) && QemuNumaArgs.cells(a.def).isEmpty()) {
            DomainElement source = mb.child("source");
            DomainElement access = mb.child("access");
            DomainElement allocation = mb.child("allocation");
            boolean memfd = source != null && "memfd".equals(source.attr("type"));
            StringBuilder sb = new StringBuilder(memfd ? "memory-backend-memfd" : "memory-backend-ram")
                    .append(",id=pc.ram,size=").append(a.def.memoryKiB()).append('k');
            if (access != null && access.attr("mode") != null) {
                sb.append(",share=").append(access.attr("mode").equals("shared") ? "on" : "off");
            }
            if (allocation != null && "immediate".equals(allocation.attr("mode"))) {
                sb.append(",prealloc=on");
                if (allocation.attr("threads") != null) {
                    sb.append(",prealloc-threads=").append(Integer.parseInt(allocation.attr("threads").strip()));
                }
            }
            a.add("-object", sb.toString());
        }
    }

    private static boolean needsBackend(DomainElement mb) {
        DomainElement source = mb.child("source");
        return source != null && "memfd".equals(source.attr("type")) || mb.child("access") != null
                || mb.child("allocation") != null && "immediate".equals(mb.child("allocation").attr("mode"));
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
        DomainElement os = a.def.element("os");
        StringBuilder sb = new StringBuilder();
        DomainElement menu = os == null ? null : os.child("bootmenu");
        if (menu != null && menu.attr("enable") != null) {
            sb.append("menu=").append(menu.attr("enable").equals("yes") ? "on" : "off").append(',');
            if (menu.attr("timeout") != null && menu.attr("enable").equals("yes")) {
                sb.append("splash-time=").append(Integer.parseInt(menu.attr("timeout").strip())).append(',');
            }
        }
        DomainElement bios = os == null ? null : os.child("bios");
        if (bios != null && bios.attr("rebootTimeout") != null) {
            sb.append("reboot-timeout=").append(Integer.parseInt(bios.attr("rebootTimeout").strip())).append(',');
        }
        a.add("-boot", sb + "strict=on");
    }

    /** Firmware: a ROM loader ({@code -bios}), ACPI tables and the serial graphics adapter. */
    static void firmware(QemuArgv a) {
        DomainElement os = a.def.element("os");
        if (os == null) {
            return;
        }
        DomainElement loader = os.child("loader");
        if (loader != null && loader.text() != null && !loader.text().isBlank()) {
            a.add("-bios", loader.text().strip());
        }
        DomainElement acpi = os.child("acpi");
        if (acpi != null) {
            for (DomainElement table : acpi.children("table")) {
                a.add("-acpitable", "sig=" + table.attr("type").toUpperCase(Locale.ROOT) + ",file="
                        + escape(table.text().strip()));
            }
        }
        DomainElement bios = os.child("bios");
        if (bios != null && "yes".equals(bios.attr("useserial"))) {
            a.add("-device", "sga");
        }
    }

    /** {@code -smbios} from {@code <sysinfo type='smbios'>} and {@code -fw_cfg} from {@code type='fwcfg'}. */
    static void sysinfo(QemuArgv a) {
        for (DomainElement sysinfo : a.def.elements()) {
            if (!sysinfo.name().equals("sysinfo") || sysinfo.namespace() != null) {
                continue;
            }
            if ("fwcfg".equals(sysinfo.attr("type"))) {
                for (DomainElement entry : sysinfo.children("entry")) {
                    String value = entry.attr("file") != null ? "file=" + escape(entry.attr("file"))
                            : "string=" + escape(entry.text() == null ? "" : entry.text());
                    a.add("-fw_cfg", "name=" + escape(entry.attr("name")) + "," + value);
                }
                continue;
            }
            for (DomainElement block : sysinfo.children()) {
                int type = SMBIOS_TYPES.get(block.name());
                if (type == 11) {
                    StringBuilder sb = new StringBuilder("type=11");
                    for (DomainElement entry : block.children("entry")) {
                        sb.append(",value=").append(escape(entry.text() == null ? "" : entry.text()));
                    }
                    a.add("-smbios", sb.toString());
                    continue;
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (DomainElement entry : block.children("entry")) {
                    fields.put(smbiosField(entry.attr("name")), entry.text() == null ? "" : entry.text());
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
        DomainElement pm = def.element("pm");
        if (pm != null) {
            String chip = a.q35 ? "ICH9-LPC" : "PIIX4_PM";
            for (String[] s : new String[][] {{"suspend-to-mem", "disable_s3"}, {"suspend-to-disk", "disable_s4"}}) {
                DomainElement e = pm.child(s[0]);
                if (e != null && e.attr("enabled") != null) {
                    a.add("-global", chip + "." + s[1] + "=" + (e.attr("enabled").equals("yes") ? "0" : "1"));
                }
            }
        }
        DomainElement genid = def.element("genid");
        if (genid != null) {
            String guid = genid.text() == null || genid.text().isBlank() ? "auto" : genid.text().strip();
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
        DomainElement cl = a.def.element(QemuTopLevelSupport.QEMU_NS, "commandline");
        if (cl != null) {
            for (DomainElement arg : cl.children("arg")) {
                a.add(arg.attr("value"));
            }
        }
    }

    /** {@code qemu:commandline}'s environment, set for QEMU's process. */
    static Map<String, String> passthroughEnv(DomainDefinition def) {
        Map<String, String> env = new LinkedHashMap<>();
        DomainElement cl = def.element(QemuTopLevelSupport.QEMU_NS, "commandline");
        if (cl != null) {
            for (DomainElement e : cl.children("env")) {
                env.put(e.attr("name"), e.attr("value") == null ? "" : e.attr("value"));
            }
        }
        return env;
    }
}
