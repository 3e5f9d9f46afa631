package io.virtkit.qemu.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A tiny bootable Linux guest for QEMU tests under TCG: Debian's unsigned cloud kernel (cached across runs) and
 * an initramfs built at test time from Debian's static busybox. Its {@code /init} mounts proc/sys/devtmpfs,
 * loads the ACPI power-button and evdev drivers, starts busybox {@code acpid}, then prints
 * {@link #READY_MARKER} on the serial console (ttyS0). An ACPI power-button press (QMP
 * {@code system_powerdown}, i.e. {@code virDomainShutdown}) then prints {@link #POWEROFF_MARKER} and powers the
 * guest off, so QEMU exits by itself with a SHUTDOWN event. After the marker a busybox shell runs on the console.
 *
 * <p>Use it through {@link Extension} ({@code @ExtendWith(TinyLinuxGuest.Extension.class)} and a
 * {@code TinyLinuxGuest} test parameter): it is prepared once per test run, and a machine that cannot
 * prepare it skips the test, except under {@code CI=true}, where it fails with the reason. See GUEST.md.
 */
public final class TinyLinuxGuest {

    /** Printed on the serial console once the guest will act on an ACPI power-button press. */
    public static final String READY_MARKER = "VIRTKIT-GUEST-READY";
    /** Printed on the serial console when the power button was seen, just before the guest powers off. */
    public static final String POWEROFF_MARKER = "VIRTKIT-GUEST-POWEROFF";
    /** Printed on the serial console if the guest could not set itself up (a module failed to load, ...). */
    public static final String ERROR_MARKER = "VIRTKIT-GUEST-ERROR";
    /** Printed with the address ("VIRTKIT-GUEST-LEASE 10.0.0.5") once a DHCP lease is applied to the NIC. */
    public static final String LEASE_MARKER = "VIRTKIT-GUEST-LEASE";
    /** Printed when DHCP was asked for ({@link #dhcpCmdline}) but no lease came. */
    public static final String DHCP_FAIL_MARKER = "VIRTKIT-GUEST-DHCP-FAIL";
    /** Printed when the ping target of {@link #dhcpCmdline} answered. */
    public static final String PING_OK_MARKER = "VIRTKIT-GUEST-PING-OK";
    /** Printed when the ping target of {@link #dhcpCmdline} did not answer. */
    public static final String PING_FAIL_MARKER = "VIRTKIT-GUEST-PING-FAIL";
    /** Printed with a counter ("VIRTKIT-GUEST-TICK 42") every interval {@link #tickCmdline} asks for. */
    public static final String TICK_MARKER = "VIRTKIT-GUEST-TICK";
    /** The kernel command line: console on the first serial port; a panic reboots at once (-no-reboot → exit). */
    public static final String CMDLINE = "console=ttyS0 quiet panic=-1";
    /** The guest's needs: 128 MiB is plenty (the initramfs is ~2 MiB). */
    public static final int MEMORY_MIB = 128;

    /** Kernel options the guest relies on, and the module that provides each when it is not built in. */
    private static final Map<String, String> REQUIRED_DRIVERS = new LinkedHashMap<>();

    static {
        REQUIRED_DRIVERS.put("CONFIG_ACPI_BUTTON", "button"); // turns the ACPI power button into a KEY_POWER
        REQUIRED_DRIVERS.put("CONFIG_INPUT_EVDEV", "evdev");  // exposes it as /dev/input/event* for acpid
    }

    private final DebianKernelPackage kernelPackage;
    private final Path kernel;
    private final Path initrd;
    private final List<String> modules;

    private TinyLinuxGuest(DebianKernelPackage kernelPackage, Path kernel, Path initrd, List<String> modules) {
        this.kernelPackage = kernelPackage;
        this.kernel = kernel;
        this.initrd = initrd;
        this.modules = List.copyOf(modules);
    }

    /**
     * Prepares the guest in the default cache: {@code $VIRTKIT_GUEST_CACHE}, else the system property
     * {@code virtkit.guest.cache}, else {@code ~/.cache/virtkit-test-guest}.
     */
    public static TinyLinuxGuest prepare() throws IOException {
        return prepare(defaultCacheDir());
    }

    /**
     * Prepares the guest in the default cache (see {@link #prepare()}) with further modules loaded at boot, e.g.
     * {@code "virtio_pci", "virtio_net"} for a NIC to use with {@link #dhcpCmdline}.
     */
    public static TinyLinuxGuest prepareWithModules(String... extraModules) throws IOException {
        return prepare(defaultCacheDir(), extraModules);
    }

    /**
     * Kernel parameters that make /init (after {@link #READY_MARKER}) bring {@code iface} up, run busybox
     * {@code udhcpc} on it and print {@link #LEASE_MARKER} with the address (or {@link #DHCP_FAIL_MARKER}),
     * then, if {@code pingTarget} is not null, ping it and print {@link #PING_OK_MARKER} or
     * {@link #PING_FAIL_MARKER}. Needs the NIC driver among the guest's modules.
     */
    public static String dhcpCmdline(String iface, String pingTarget) {
        return "virtkit.dhcp=" + iface + (pingTarget == null ? "" : " virtkit.ping=" + pingTarget);
    }

    /**
     * Kernel parameters that make /init (after {@link #READY_MARKER}) print {@link #TICK_MARKER} with a counter
     * from 0 every {@code seconds} (e.g. "0.2") on the console, for ever: the proof that a guest keeps running (and
     * was not rebooted) across a migration, a save and restore, a pause.
     */
    public static String tickCmdline(String seconds) {
        return "virtkit.tick=" + seconds;
    }

    /**
     * Fetches (once per cache) the kernel and builds a fresh initramfs.
     *
     * @param extraModules further kernel modules to load at boot (with their dependencies), e.g. {@code virtio_net}
     * @throws GuestUnavailableException with the reason and the remedy when this machine cannot provide the guest
     */
    public static TinyLinuxGuest prepare(Path cacheDir, String... extraModules) throws IOException {
        return prepare(cacheDir, Path.of(System.getProperty("virtkit.guest.busybox", "/bin/busybox")),
                System.getProperty("virtkit.guest.kernelPackage"), DebianKernelPackage.Tools.DEFAULT, extraModules);
    }

    static TinyLinuxGuest prepare(Path cacheDir, Path busybox, String kernelPackageName,
            DebianKernelPackage.Tools tools, String... extraModules) throws IOException {
        byte[] busyboxBinary = readStaticBusybox(busybox);
        DebianKernelPackage kernel = DebianKernelPackage.fetch(cacheDir, kernelPackageName, tools);
        List<String> wanted = new ArrayList<>(modulesNeeded(Files.readString(kernel.config())));
        for (String extra : extraModules) {
            wanted.add(KernelModules.canonical(extra));
        }
        List<KernelModules.Module> modules = wanted.isEmpty() ? List.of()
                : KernelModules.index(kernel.moduleRoot()).closure(wanted);
        List<String> names = modules.stream().map(KernelModules.Module::name).toList();

        ByteArrayOutputStream image = new ByteArrayOutputStream(busyboxBinary.length + (1 << 20));
        writeInitramfs(image, busyboxBinary, applets(busybox), modules);
        byte[] bytes = image.toByteArray();
        // named by content: concurrent JVMs agree on the bytes, and a stale image is never reused by mistake
        Path target = kernel.root().resolve("initrd-" + sha256(bytes).substring(0, 16) + ".cpio");
        if (!Files.isRegularFile(target) || Files.size(target) != bytes.length) {
            Path tmp = Files.createTempFile(kernel.root(), ".initrd-", ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // QEMU runs unprivileged: the guest's files where its user can reach them (not under ~/.cache)
        Path kernelCopy = TraversableFiles.publish(kernel.vmlinuz(), kernel.packageName() + "-" + kernel.version()
                + "-" + kernel.vmlinuz().getFileName());
        Path initrdCopy = TraversableFiles.publish(target, target.getFileName().toString());
        return new TinyLinuxGuest(kernel, kernelCopy, initrdCopy, names);
    }

    /** {@code CONFIG_X=y} is built in; {@code =m} means load the module; anything else cannot work. */
    static List<String> modulesNeeded(String kernelConfig) throws GuestUnavailableException {
        List<String> needed = new ArrayList<>();
        for (Map.Entry<String, String> driver : REQUIRED_DRIVERS.entrySet()) {
            String value = configValue(kernelConfig, driver.getKey());
            if ("m".equals(value)) {
                needed.add(driver.getValue());
            } else if (!"y".equals(value)) {
                throw new GuestUnavailableException("the guest kernel has " + driver.getKey() + "="
                        + (value == null ? "<unset>" : value) + "; the tiny guest needs it (=y or =m) to power off on "
                        + "an ACPI power-button press");
            }
        }
        return needed;
    }

    private static String configValue(String kernelConfig, String option) {
        for (String line : kernelConfig.split("\n")) {
            if (line.startsWith(option + "=")) {
                return line.substring(option.length() + 1).strip();
            }
        }
        return null;
    }

    static void writeInitramfs(OutputStream out, byte[] busybox, List<String> applets,
            List<KernelModules.Module> modules) throws IOException {
        NewcCpioWriter cpio = new NewcCpioWriter(out);
        for (String dir : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev", "tmp", "root",
                "lib/modules", "etc/acpi/PWRF")) {
            cpio.directory(dir, 0755);
        }
        // the kernel opens /dev/console for init's stdio before init could mount devtmpfs
        cpio.charDevice("dev/console", 0600, 5, 1);
        cpio.charDevice("dev/null", 0666, 1, 3);
        cpio.file("bin/busybox", 0755, busybox);
        for (String applet : applets) {
            if (!cpio.contains(applet)) {
                cpio.symlink(applet, "/bin/busybox");
            }
        }
        List<String> names = new ArrayList<>();
        for (KernelModules.Module module : modules) {
            cpio.file("lib/modules/" + module.name() + ".ko", 0644, KernelModules.readModule(module.file()));
            names.add(module.name());
        }
        cpio.file("init", 0755, initScript(names).getBytes(StandardCharsets.UTF_8));
        // busybox acpid maps KEY_POWER to the action "PWRF/00000080" and runs it relative to /etc/acpi
        cpio.file("etc/acpi/PWRF/00000080", 0755, ("#!/bin/sh\necho " + POWEROFF_MARKER + " > /dev/console\n"
                + "poweroff -f\n").getBytes(StandardCharsets.UTF_8));
        cpio.file("etc/udhcpc.script", 0755, udhcpcScript().getBytes(StandardCharsets.UTF_8));
        cpio.finish();
    }

    static String initScript(List<String> modules) {
        return """
                #!/bin/sh
                # PID 1 of the Virtkit test guest; its stdio is the serial console (ttyS0).
                export PATH=/sbin:/bin:/usr/sbin:/usr/bin
                mount -t proc proc /proc
                mount -t sysfs sysfs /sys
                mount -t devtmpfs devtmpfs /dev
                for m in %s; do
                  insmod /lib/modules/$m.ko || echo "%s: insmod $m failed"
                done
                # devtmpfs creates device nodes asynchronously, after the drivers have probed
                power_button() {
                  for d in /sys/class/input/event*; do
                    [ "$(cat $d/device/name 2>/dev/null)" = "Power Button" ] && return 0
                  done
                  return 1
                }
                i=0
                until power_button || [ $i -ge 200 ]; do sleep 0.05; i=$((i+1)); done
                power_button || echo "%s: no ACPI power button input device"
                acpid -d /dev/input/event* &
                acpid=$!
                # READY promises that a power-button press is handled: wait until acpid has every event device open
                events=$(ls /dev/input | grep -c '^event')
                i=0
                while [ "$(ls -l /proc/$acpid/fd 2>/dev/null | grep -c /dev/input/event)" -lt "$events" ]; do
                  [ $i -ge 200 ] && { echo "%s: acpid did not open /dev/input"; break; }
                  sleep 0.05; i=$((i+1))
                done
                echo %s
                # network only when the command line asks (virtkit.dhcp=IFACE [virtkit.ping=ADDR]); see dhcpCmdline
                dhcp=; target=; tick=
                for a in $(cat /proc/cmdline); do
                  case "$a" in
                    virtkit.dhcp=*) dhcp=${a#virtkit.dhcp=} ;;
                    virtkit.ping=*) target=${a#virtkit.ping=} ;;
                    virtkit.tick=*) tick=${a#virtkit.tick=} ;;
                  esac
                done
                # a counter on the console when asked (virtkit.tick=SECONDS); see tickCmdline
                if [ -n "$tick" ]; then
                  ( i=0; while :; do echo "%s $i"; i=$((i+1)); sleep $tick; done ) &
                fi
                if [ -n "$dhcp" ]; then
                  (
                    i=0
                    until [ -e /sys/class/net/$dhcp ] || [ $i -ge 200 ]; do sleep 0.05; i=$((i+1)); done
                    ip link set lo up
                    ip link set $dhcp up
                    if udhcpc -i $dhcp -n -q -t 10 -T 1 -s /etc/udhcpc.script; then
                      if [ -n "$target" ]; then
                        if ping -c 3 -W 2 $target; then echo %s $target; else echo %s $target; fi
                      fi
                    else
                      echo %s $dhcp
                    fi
                  ) &
                fi
                # a shell on the console for tests that type into it; restarted if it ever exits
                while :; do setsid cttyhack sh; sleep 1; done
                """.formatted(String.join(" ", modules), ERROR_MARKER, ERROR_MARKER, ERROR_MARKER, READY_MARKER,
                        TICK_MARKER, PING_OK_MARKER, PING_FAIL_MARKER, DHCP_FAIL_MARKER);
    }

    /** busybox udhcpc's hook: applies a lease ($mask is the prefix length) and announces the address. */
    static String udhcpcScript() {
        return """
                #!/bin/sh
                case "$1" in
                  deconfig)
                    ip addr flush dev $interface
                    ip link set $interface up
                    ;;
                  bound|renew)
                    ip addr add $ip/${mask:-24} dev $interface
                    for r in $router; do ip route add default via $r dev $interface && break; done
                    echo "%s $ip" > /dev/console
                    ;;
                esac
                exit 0
                """.formatted(LEASE_MARKER);
    }

    /** The applets of this busybox, as paths relative to / ("bin/sh", "sbin/acpid", ...). */
    private static List<String> applets(Path busybox) throws IOException {
        DebianKernelPackage.ProcessResult list = DebianKernelPackage.run(
                List.of(busybox.toString(), "--list-full"), null, Duration.ofSeconds(30), "busybox-static");
        List<String> applets = new ArrayList<>();
        for (String line : list.output().split("\n")) {
            String applet = line.strip();
            if (!applet.isEmpty() && !applet.contains("..")) {
                applets.add(applet);
            }
        }
        for (String needed : List.of("bin/sh", "sbin/acpid", "sbin/insmod", "sbin/poweroff", "bin/mount")) {
            if (!applets.contains(needed)) {
                throw new GuestUnavailableException(busybox + " lacks the applet " + needed);
            }
        }
        return applets;
    }

    /** The guest has no libc: busybox must be the statically linked build (apt package busybox-static). */
    static byte[] readStaticBusybox(Path busybox) throws IOException {
        if (!Files.isRegularFile(busybox)) {
            throw new GuestUnavailableException("no " + busybox + ": install the apt package busybox-static");
        }
        byte[] elf = Files.readAllBytes(busybox);
        if (elf.length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2) {
            throw new GuestUnavailableException(busybox + " is not a 64-bit ELF executable");
        }
        ByteBuffer b = ByteBuffer.wrap(elf).order(elf[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(0x20);
        int phentsize = Short.toUnsignedInt(b.getShort(0x36));
        int phnum = Short.toUnsignedInt(b.getShort(0x38));
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            if (at + 4 > elf.length) {
                break;
            }
            if (b.getInt((int) at) == 3 /* PT_INTERP: needs a dynamic loader */) {
                throw new GuestUnavailableException(busybox + " is dynamically linked; the guest needs the static "
                        + "build: install the apt package busybox-static");
            }
        }
        return elf;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path defaultCacheDir() {
        String env = System.getenv("VIRTKIT_GUEST_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String property = System.getProperty("virtkit.guest.cache");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "virtkit-test-guest");
    }

    /**
     * {@link #prepareWithModules} for a test's setup: a machine that cannot prepare the guest skips (aborts) the
     * test, except under {@code CI=true}, where it fails with the reason.
     */
    public static TinyLinuxGuest prepareForTest(String... extraModules) throws IOException {
        try {
            return prepareWithModules(extraModules);
        } catch (GuestUnavailableException e) {
            if (required()) {
                throw new IllegalStateException("the tiny Linux test guest is unavailable (CI=true)", e);
            }
            Assumptions.abort("the tiny Linux test guest is unavailable: " + e.getMessage());
            throw e; // not reached: abort throws
        }
    }

    /** Whether a guest that cannot be prepared must fail the test rather than skip it. */
    public static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The kernel where QEMU's unprivileged user can read it ({@link TraversableFiles}). */
    public Path kernel() {
        return kernel;
    }

    public Path initrd() {
        return initrd;
    }

    public String cmdline() {
        return CMDLINE;
    }

    /** The Debian package the kernel came from, e.g. {@code linux-image-6.1.0-56-cloud-amd64-unsigned}. */
    public String kernelPackage() {
        return kernelPackage.packageName();
    }

    public String kernelPackageVersion() {
        return kernelPackage.version();
    }

    /** The modules /init loads, in load order (e.g. {@code [button, evdev]}). */
    public List<String> modules() {
        return modules;
    }

    /** The QEMU options for a direct kernel boot: {@code -kernel … -initrd … -append …}. */
    public List<String> qemuBootArgs() {
        return List.of("-kernel", kernel().toString(), "-initrd", initrd.toString(), "-append", CMDLINE);
    }

    /** The domain XML {@code <os>} element for a direct kernel boot on an i440FX ('pc') machine. */
    public String osXml() {
        return osXml("");
    }

    /** {@link #osXml()} with {@code extraCmdline} appended to the kernel command line. */
    public String osXml(String extraCmdline) {
        String cmdline = extraCmdline == null || extraCmdline.isBlank() ? CMDLINE : CMDLINE + " " + extraCmdline;
        return "<os>\n"
                + "    <type arch='x86_64' machine='pc'>hvm</type>\n"
                + "    <kernel>" + xml(kernel().toString()) + "</kernel>\n"
                + "    <initrd>" + xml(initrd.toString()) + "</initrd>\n"
                + "    <cmdline>" + xml(cmdline) + "</cmdline>\n"
                + "  </os>";
    }

    /** A serial port on a host pty with the console on it (what {@code virt:console} attaches to). */
    public static String serialConsoleXml() {
        return "<serial type='pty'><target port='0'/></serial>\n"
                + "    <console type='pty'><target type='serial' port='0'/></console>";
    }

    /** A serial port that writes the guest's console output to {@code logFile} (for waiting on the markers). */
    public static String serialFileXml(Path logFile) {
        return "<serial type='file'><source path='" + xml(logFile.toString()) + "'/><target port='0'/></serial>\n"
                + "    <console type='file'><source path='" + xml(logFile.toString())
                + "'/><target type='serial' port='0'/></console>";
    }

    /** A whole TCG domain ({@code type='qemu'}) booting this guest with the given serial/console devices. */
    public String domainXml(String name, String serialDevicesXml) {
        return domainXml(name, serialDevicesXml, "", "");
    }

    /**
     * {@link #domainXml(String, String)} with further {@code <devices>} children (e.g. an {@code <interface>})
     * and {@code extraCmdline} appended to the kernel command line (e.g. {@link #dhcpCmdline}).
     */
    public String domainXml(String name, String serialDevicesXml, String extraDevicesXml, String extraCmdline) {
        return "<domain type='qemu'>\n"
                + "  <name>" + xml(name) + "</name>\n"
                + "  <memory unit='MiB'>" + MEMORY_MIB + "</memory>\n"
                + "  <vcpu>1</vcpu>\n"
                + "  " + osXml(extraCmdline) + "\n"
                // ACPI on: the guest powers off on the ACPI power button (without it QEMU gets acpi=off)
                + "  <features><acpi/></features>\n"
                + "  <on_poweroff>destroy</on_poweroff>\n"
                + "  <on_reboot>restart</on_reboot>\n"
                + "  <on_crash>destroy</on_crash>\n"
                + "  <devices>\n"
                + "    " + serialDevicesXml + "\n"
                + (extraDevicesXml == null || extraDevicesXml.isBlank() ? "" : "    " + extraDevicesXml + "\n")
                + "  </devices>\n"
                + "</domain>\n";
    }

    /** {@link #domainXml(String, String)} with the console on a pty. */
    public String domainXml(String name) {
        return domainXml(name, serialConsoleXml());
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }

    @Override
    public String toString() {
        return "TinyLinuxGuest[" + kernelPackage.packageName() + " " + kernelPackage.version() + ", modules=" + modules
                + ", initrd=" + initrd + "]";
    }

    /**
     * Resolves {@code TinyLinuxGuest} parameters, preparing the guest once per test run. A machine that cannot
     * prepare it skips (aborts) the tests of the class, unless {@code CI=true}: then they fail with the reason.
     * The check runs before the tests (a parameter resolver may not abort: JUnit would report an error).
     */
    public static final class Extension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TinyLinuxGuest.class);

        @Override
        public void beforeAll(ExtensionContext context) {
            // only under CI: a class-level abort would hide the tests from the report; beforeEach skips each one
            if (required()) {
                guest(context, false);
            }
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            guest(context, true);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TinyLinuxGuest.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return guest(context, false);
        }

        private static TinyLinuxGuest guest(ExtensionContext context, boolean mayAbort) {
            Object prepared = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("guest", key -> {
                try {
                    return prepare();
                } catch (IOException e) {
                    return e; // remembered too: a missing apt is not retried by every test
                }
            });
            if (prepared instanceof TinyLinuxGuest guest) {
                return guest;
            }
            IOException failure = (IOException) prepared;
            String message = "the tiny Linux test guest is unavailable: " + failure.getMessage();
            if (required()) {
                throw new IllegalStateException(message + " (CI=true: tests needing a real guest may not skip)",
                        failure);
            }
            if (mayAbort) {
                Assumptions.abort(message);
            }
            throw new ParameterResolutionException(message, failure);
        }
    }
}
