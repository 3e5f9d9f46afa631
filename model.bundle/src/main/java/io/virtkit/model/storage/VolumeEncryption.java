package io.virtkit.model.storage;

import java.util.Objects;

/**
 * A volume's {@code <encryption format engine>}: format default/qcow/luks/luks2, engine qemu/librbd ({@code
 * null}: unset), its passphrase secret (by uuid or usage; {@code null}: none) and the LUKS cipher and ivgen
 * ({@code null}: unset).
 */
public record VolumeEncryption(String format, String engine, String secretUuid, String secretUsage, Cipher cipher,
        Ivgen ivgen) {

    public VolumeEncryption {
        Objects.requireNonNull(format, "format");
    }

    /** {@code <cipher name size mode hash/>}. */
    public record Cipher(String name, long size, String mode, String hash) {
    }

    /** {@code <ivgen name hash/>}. */
    public record Ivgen(String name, String hash) {
    }
}
