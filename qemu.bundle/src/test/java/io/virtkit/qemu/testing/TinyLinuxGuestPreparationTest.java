package io.virtkit.qemu.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the fixture finds its parts, and the clear errors it gives when a machine lacks one. */
class TinyLinuxGuestPreparationTest {

    private static final DebianKernelPackage.Tools NO_APT =
            new DebianKernelPackage.Tools("/nonexistent/apt-cache", "/nonexistent/apt-get", "/nonexistent/dpkg-deb");

    @TempDir
    Path dir;

    @Test
    void loadsOnlyTheDriversTheKernelDoesNotBuildIn() throws Exception {
        assertThat(TinyLinuxGuest.modulesNeeded("CONFIG_ACPI_BUTTON=m\nCONFIG_INPUT_EVDEV=m\n"))
                .containsExactly("button", "evdev");
        assertThat(TinyLinuxGuest.modulesNeeded("CONFIG_ACPI_BUTTON=y\nCONFIG_INPUT_EVDEV=m\n"))
                .containsExactly("evdev");
        assertThat(TinyLinuxGuest.modulesNeeded("CONFIG_ACPI_BUTTON=y\nCONFIG_INPUT_EVDEV=y\n")).isEmpty();
        assertThatThrownBy(() -> TinyLinuxGuest.modulesNeeded("# CONFIG_ACPI_BUTTON is not set\nCONFIG_INPUT_EVDEV=y\n"))
                .isInstanceOf(GuestUnavailableException.class)
                .hasMessageContaining("CONFIG_ACPI_BUTTON=<unset>");
    }

    @Test
    void resolvesModuleDependenciesFromModinfoInLoadOrder() throws Exception {
        Path kernel = dir.resolve("kernel");
        module(kernel.resolve("drivers/a/top.ko"), "mid,leaf-x");
        module(kernel.resolve("drivers/b/mid.ko"), "leaf_x");
        module(kernel.resolve("drivers/c/leaf-x.ko"), "");
        module(kernel.resolve("drivers/d/loop1.ko"), "loop2");
        module(kernel.resolve("drivers/d/loop2.ko"), "loop1");
        KernelModules modules = KernelModules.index(dir);

        assertThat(modules.closure(List.of("top")).stream().map(KernelModules.Module::name))
                .containsExactly("leaf_x", "mid", "top");
        assertThat(modules.closure(List.of("leaf-x", "mid")).stream().map(KernelModules.Module::name))
                .containsExactly("leaf_x", "mid");
        assertThatThrownBy(() -> modules.closure(List.of("nosuch"))).isInstanceOf(GuestUnavailableException.class)
                .hasMessageContaining("kernel module 'nosuch' is not in the kernel package");
        assertThatThrownBy(() -> modules.closure(List.of("loop1"))).isInstanceOf(GuestUnavailableException.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void readsDependsOnlyAsAWholeModinfoRecord() {
        byte[] elf = "\0\0xdepends=wrong\0license=GPL\0depends=evdev,button\0name=x\0".getBytes(StandardCharsets.US_ASCII);
        assertThat(KernelModules.dependsOf(elf)).containsExactly("evdev", "button");
        assertThat(KernelModules.dependsOf("\0depends=\0".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }

    @Test
    void refusesADynamicallyLinkedOrMissingBusybox() throws Exception {
        assertThatThrownBy(() -> TinyLinuxGuest.readStaticBusybox(dir.resolve("busybox")))
                .isInstanceOf(GuestUnavailableException.class).hasMessageContaining("install the apt package busybox-static");
        // /bin/sh is a dynamically linked executable on any Debian host
        assertThatThrownBy(() -> TinyLinuxGuest.readStaticBusybox(Path.of("/bin/sh").toRealPath()))
                .isInstanceOf(GuestUnavailableException.class).hasMessageContaining("dynamically linked")
                .hasMessageContaining("busybox-static");
    }

    @Test
    void withoutAptAndWithoutACachedKernelFailsNamingApt() {
        Path cache = dir.resolve("cache");
        assertThatThrownBy(() -> DebianKernelPackage.fetch(cache, null, NO_APT))
                .isInstanceOf(GuestUnavailableException.class)
                .hasMessageContaining("cannot run '/nonexistent/apt-cache'")
                .hasMessageContaining("apt package apt");
        assertThatThrownBy(() -> DebianKernelPackage.fetch(cache, "linux-image-1.0-cloud-amd64-unsigned", NO_APT))
                .isInstanceOf(GuestUnavailableException.class).hasMessageContaining("/nonexistent/apt-get");
        assertThat(cache.toFile().list()).as("no half-fetched package left behind").containsOnly(".lock");
    }

    @Test
    void withoutAptUsesAKernelCachedByAnEarlierRun() throws Exception {
        Path cache = dir.resolve("cache");
        Path pkg = cache.resolve("linux-image-6.1.0-9-cloud-amd64-unsigned");
        Files.createDirectories(pkg.resolve("boot"));
        Files.createDirectories(pkg.resolve("lib/modules/6.1.0-9-cloud-amd64"));
        Files.writeString(pkg.resolve("boot/vmlinuz-6.1.0-9-cloud-amd64"), "kernel");
        Files.writeString(pkg.resolve("boot/config-6.1.0-9-cloud-amd64"), "CONFIG_ACPI=y\n");
        Files.writeString(pkg.resolve("virtkit-package.properties"),
                "package=linux-image-6.1.0-9-cloud-amd64-unsigned\nversion=6.1.27-1\n");

        DebianKernelPackage kernel = DebianKernelPackage.fetch(cache, null, NO_APT);

        assertThat(kernel.packageName()).isEqualTo("linux-image-6.1.0-9-cloud-amd64-unsigned");
        assertThat(kernel.version()).isEqualTo("6.1.27-1");
        assertThat(kernel.vmlinuz()).isEqualTo(pkg.resolve("boot/vmlinuz-6.1.0-9-cloud-amd64"));
        assertThat(kernel.moduleRoot()).isEqualTo(pkg.resolve("lib/modules/6.1.0-9-cloud-amd64"));
    }

    @Test
    void parsesTheVersionOutOfAptsFileName() {
        assertThat(DebianKernelPackage.versionOf("linux-image-6.1.0-56-cloud-amd64-unsigned_6.1.192-2_amd64.deb",
                "linux-image-6.1.0-56-cloud-amd64-unsigned")).isEqualTo("6.1.192-2");
        assertThat(DebianKernelPackage.versionOf("pkg_1%3a2.0-1_amd64.deb", "pkg")).isEqualTo("1:2.0-1");
    }

    @Test
    void initramfsHoldsInitBusyboxAppletsModulesAndThePowerButtonHandler() throws Exception {
        Path ko = dir.resolve("evdev.ko");
        Files.write(ko, "\0depends=\0name=evdev\0".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        TinyLinuxGuest.writeInitramfs(image, "BUSYBOX".getBytes(StandardCharsets.US_ASCII),
                List.of("bin/sh", "sbin/acpid", "bin/busybox"), List.of(new KernelModules.Module("evdev", ko)));
        String archive = image.toString(StandardCharsets.ISO_8859_1);

        assertThat(archive).startsWith("070701").contains("init\0", "bin/sh\0", "sbin/acpid\0", "dev/console\0",
                "lib/modules/evdev.ko\0", "etc/acpi/PWRF/00000080\0", "TRAILER!!!\0");
        assertThat(archive).contains("poweroff -f").contains("for m in evdev; do")
                .contains("echo " + TinyLinuxGuest.READY_MARKER);
        // the init prints READY only after acpid holds the input devices open
        String init = TinyLinuxGuest.initScript(List.of("button", "evdev"));
        assertThat(init.indexOf("acpid -d")).isLessThan(init.indexOf("echo " + TinyLinuxGuest.READY_MARKER));
        assertThat(init).contains("for m in button evdev; do");
    }

    @Test
    void initramfsCanLeaseAnAddressAndPingWhenTheCommandLineAsks() throws Exception {
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        TinyLinuxGuest.writeInitramfs(image, "BUSYBOX".getBytes(StandardCharsets.US_ASCII), List.of("bin/sh"),
                List.of());
        assertThat(image.toString(StandardCharsets.ISO_8859_1)).contains("etc/udhcpc.script\0");
        assertThat(TinyLinuxGuest.udhcpcScript()).contains("ip addr add $ip/${mask:-24} dev $interface")
                .contains("ip route add default via $r").contains("echo \"" + TinyLinuxGuest.LEASE_MARKER + " $ip\"");
        String init = TinyLinuxGuest.initScript(List.of());
        // networking starts only after READY, so a guest without a NIC boots as before
        assertThat(init.indexOf("echo " + TinyLinuxGuest.READY_MARKER)).isLessThan(init.indexOf("udhcpc -i"));
        assertThat(init).contains("udhcpc -i $dhcp -n -q -t 10 -T 1 -s /etc/udhcpc.script")
                .contains("ping -c 3 -W 2 $target").contains("echo " + TinyLinuxGuest.PING_OK_MARKER)
                .contains("echo " + TinyLinuxGuest.PING_FAIL_MARKER);
        assertThat(TinyLinuxGuest.dhcpCmdline("eth0", null)).isEqualTo("virtkit.dhcp=eth0");
        assertThat(TinyLinuxGuest.dhcpCmdline("eth0", "192.0.2.2"))
                .isEqualTo("virtkit.dhcp=eth0 virtkit.ping=192.0.2.2");
    }

    private static void module(Path file, String depends) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, ("\u007fELF\0license=GPL\0depends=" + depends + "\0").getBytes(StandardCharsets.US_ASCII));
    }
}
