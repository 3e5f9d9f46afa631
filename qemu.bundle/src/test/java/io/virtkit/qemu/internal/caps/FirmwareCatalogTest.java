package io.virtkit.qemu.internal.caps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's UEFI firmware as libvirt 9.0 finds it for the domain capabilities: Debian's ovmf descriptors. */
class FirmwareCatalogTest {

    @TempDir
    Path dir;

    @Test
    void debiansOvmfServesPcWithoutAndQ35WithSecureBootAndOtherMachinesGetTheFallback() {
        SchemaValidator.requireFile(Path.of("/usr/share/qemu/firmware/60-edk2-x86_64.json"), "ovmf");
        FirmwareCatalog host = FirmwareCatalog.host();
        // what libvirt 9.0 lists for the same machines on this host
        assertThat(host.forMachine("x86_64", "pc-i440fx-7.2")).isEqualTo(new FirmwareCatalog.Firmware(
                List.of("/usr/share/OVMF/OVMF_CODE_4M.fd"), true, false));
        assertThat(host.forMachine("x86_64", "pc-q35-7.2")).isEqualTo(new FirmwareCatalog.Firmware(
                List.of("/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_CODE_4M.ms.fd",
                        "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd"), true, true));
        assertThat(host.forMachine("x86_64", "microvm")).isEqualTo(new FirmwareCatalog.Firmware(
                FirmwareCatalog.FALLBACK, false, false));
        assertThat(host.forMachine("i386", "pc-i440fx-7.2").described()).isFalse();
    }

    @Test
    void aLaterDirectoryOverridesByNameAnEmptyFileHidesAndABrokenOneIsSkipped() throws Exception {
        Path vendor = Files.createDirectory(dir.resolve("usr"));
        Path admin = Files.createDirectory(dir.resolve("etc"));
        Files.writeString(vendor.resolve("50-a.json"), descriptor("/fw/a.fd", "flash", "pc-*", "secure-boot"));
        Files.writeString(vendor.resolve("60-b.json"), descriptor("/fw/b.fd", "flash", "pc-*", "acpi-s3"));
        Files.writeString(vendor.resolve("70-c.json"), descriptor("/fw/c.fd", "memory", "pc-*", "acpi-s3"));
        Files.writeString(vendor.resolve("80-d.json"), "{ not json");
        Files.writeString(admin.resolve("50-a.json"), "");
        Files.writeString(admin.resolve("60-b.json"), descriptor("/fw/local.fd", "flash", "pc-i440fx-*", "acpi-s3"));

        FirmwareCatalog catalog = FirmwareCatalog.read(List.of(vendor, admin));
        assertThat(catalog.forMachine("x86_64", "pc-i440fx-7.2"))
                .isEqualTo(new FirmwareCatalog.Firmware(List.of("/fw/local.fd"), true, false));
        assertThat(catalog.forMachine("x86_64", "pc-q35-7.2").described()).isFalse();
    }

    private static String descriptor(String image, String device, String machine, String feature) {
        return """
                {"interface-types": ["uefi"],
                 "mapping": {"device": "%s", "executable": {"filename": "%s", "format": "raw"}},
                 "targets": [{"architecture": "x86_64", "machines": ["%s"]}],
                 "features": ["%s"], "tags": []}
                """.formatted(device, image, machine, feature);
    }
}
