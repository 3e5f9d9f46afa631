package io.virtkit.xen.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The ELF kernel inside a bzImage ({@code vmlinux}), unpacked once on this machine for the nested host's PV and PVH
 * guests. Given Debian's bzImage, xl would have to unpack its xz payload in dom0 on every {@code xl create}, and
 * dom0 runs under TCG: that took most of a PV create's seconds. HVM guests still boot the bzImage (QEMU's direct
 * kernel boot loads only that).
 *
 * <p>The payload's place is in the boot protocol's setup header: {@code setup_sects} at 0x1f1 (0 means 4),
 * {@code payload_offset} and {@code payload_length} at 0x248 and 0x24c, the offset counted from the protected-mode
 * code after the setup sectors. Debian compresses it with xz (CONFIG_KERNEL_XZ), which {@code xz -dc} unpacks; the
 * kernel's build appends the unpacked size (32 bits, little-endian) to the stream, which checks the result.
 */
final class UncompressedKernel {
    private static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
    private static final long XZ_TIMEOUT_SECONDS = 120;

    private UncompressedKernel() {
    }

    /** Writes the ELF kernel of {@code bzImage} to {@code elf}. */
    static void unpack(Path bzImage, Path elf) throws IOException {
        byte[] image = Files.readAllBytes(bzImage);
        ByteBuffer header = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        if (image.length < 0x250 || header.getInt(0x202) != 0x53726448) { // "HdrS"
            throw new IOException(bzImage + " is no bzImage (no boot protocol header)");
        }
        int setupSects = Byte.toUnsignedInt(image[0x1f1]);
        int start = ((setupSects == 0 ? 4 : setupSects) + 1) * 512 + header.getInt(0x248);
        int length = header.getInt(0x24c) - 4; // the xz stream, without the size appended
        if (start < 0 || length <= XZ_MAGIC.length || start + length + 4 > image.length
                || !Arrays.equals(image, start, start + XZ_MAGIC.length, XZ_MAGIC, 0, XZ_MAGIC.length)) {
            throw new IOException(bzImage + ": its payload is not xz (only Debian's CONFIG_KERNEL_XZ is handled)");
        }
        Path payload = elf.resolveSibling(elf.getFileName() + ".xz");
        Files.write(payload, Arrays.copyOfRange(image, start, start + length));
        try {
            Process xz = new ProcessBuilder("xz", "-dc", payload.toString()).redirectOutput(elf.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!xz.waitFor(XZ_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                xz.destroyForcibly();
                throw new IOException("xz -dc " + payload + " did not finish within " + XZ_TIMEOUT_SECONDS + " s");
            }
            if (xz.exitValue() != 0) {
                throw new IOException("xz -dc " + payload + " failed (exit " + xz.exitValue() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking " + bzImage, e);
        } finally {
            Files.deleteIfExists(payload);
        }
        long size = Integer.toUnsignedLong(header.getInt(start + length));
        if (Files.size(elf) != size) {
            throw new IOException("the payload of " + bzImage + " unpacked to " + Files.size(elf) + " bytes, not " + size);
        }
        byte[] magic = new byte[4];
        try (var in = Files.newInputStream(elf)) {
            if (in.read(magic) != 4 || magic[0] != 0x7f || magic[1] != 'E' || magic[2] != 'L' || magic[3] != 'F') {
                throw new IOException("the payload of " + bzImage + " is no ELF kernel");
            }
        }
    }
}
