package io.virtkit.model.domain;

import java.util.Objects;
import java.util.Set;

/**
 * An image's {@code <encryption>}: its format, the engine that decrypts it and the libvirt secret holding the
 * passphrase, with the cipher and IV generator a volume was made with. Found on the disk (the old place) or in
 * its {@code <source>}; each is written back where it was found.
 *
 * @param format      {@code default}, {@code qcow}, {@code luks} or {@code luks2}
 * @param engine      who decrypts: {@code qemu} or {@code librbd}, or {@code null} for the driver's choice
 * @param secretType  the secret's type ({@code passphrase}), or {@code null} without a secret
 * @param secretUuid  the secret's UUID, or {@code null}
 * @param secretUsage the secret's usage name, or {@code null}
 * @param cipher      the cipher, or {@code null}
 * @param ivgen       the IV generator, or {@code null}
 */
public record DiskEncryption(String format, String engine, String secretType, String secretUuid,
        String secretUsage, Cipher cipher, Ivgen ivgen) {

    /** libvirt's encryption formats. */
    public static final Set<String> FORMATS = Set.of("default", "qcow", "luks", "luks2");
    /** libvirt's encryption engines. */
    public static final Set<String> ENGINES = Set.of("qemu", "librbd");

    public DiskEncryption {
        Objects.requireNonNull(format, "format");
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("unknown volume encryption format type " + format);
        }
        if (engine != null && !ENGINES.contains(engine)) {
            throw new IllegalArgumentException("unknown volume encryption engine type " + engine);
        }
    }

    /**
     * A {@code <cipher>}.
     *
     * @param name the cipher ({@code aes})
     * @param size the key size in bits
     * @param mode the mode ({@code cbc}, {@code xts}), or {@code null}
     * @param hash the hash ({@code sha256}), or {@code null}
     */
    public record Cipher(String name, long size, String mode, String hash) {
        public Cipher {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * An {@code <ivgen>}.
     *
     * @param name the generator ({@code plain64})
     * @param hash its hash, or {@code null}
     */
    public record Ivgen(String name, String hash) {
        public Ivgen {
            Objects.requireNonNull(name, "name");
        }
    }
}
