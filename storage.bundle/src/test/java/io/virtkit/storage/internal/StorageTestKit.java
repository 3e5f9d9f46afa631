package io.virtkit.storage.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeStreamFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;

/** What the storage driver's tests write and check through the public API: XML, streams, errors. */
final class StorageTestKit {
    private StorageTestKit() {
    }

    static String dirPoolXml(String name, Path target) {
        return "<pool type='dir'><name>" + name + "</name><target><path>" + target + "</path></target></pool>";
    }

    static String fsPoolXml(String name, Path device, Path target) {
        return "<pool type='fs'><name>" + name + "</name><source><device path='" + device
                + "'/><format type='ext4'/></source><target><path>" + target + "</path></target></pool>";
    }

    static String volumeXml(String name, long capacity, String format, String... extra) {
        return "<volume><name>" + name + "</name><capacity>" + capacity + "</capacity><allocation>0</allocation>"
                + "<target><format type='" + format + "'/></target>" + String.join("", extra) + "</volume>";
    }

    static void upload(StorageVolume vol, byte[] data, boolean sparse) {
        try (VolumeUpload up = sparse ? vol.upload(0, data.length, StorageVolumeStreamFlag.SPARSE_STREAM)
                : vol.upload(0, data.length)) {
            for (int off = 0; off < data.length; off += 100_000) {
                up.write(ByteBuffer.wrap(data, off, Math.min(100_000, data.length - off)));
            }
            up.finish();
        }
    }

    /** The volume's bytes; a sparse download's holes as zeros. */
    static byte[] download(StorageVolume vol, boolean sparse) {
        var out = new java.io.ByteArrayOutputStream();
        try (VolumeDownload down = sparse ? vol.download(0, 0, StorageVolumeStreamFlag.SPARSE_STREAM)
                : vol.download(0, 0)) {
            ByteBuffer chunk = ByteBuffer.allocate(70_000);
            for (int n; (n = down.read(chunk.clear())) != -1; ) {
                if (n == 0) {
                    out.writeBytes(new byte[(int) down.skipHole()]);
                } else {
                    out.write(chunk.array(), 0, n);
                }
            }
        }
        return out.toByteArray();
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    static void assertCode(ThrowingCallable call, ErrorCode code, String text) {
        assertThatThrownBy(call).isInstanceOf(VirtException.class).hasMessageContaining(text)
                .extracting(e -> ((VirtException) e).code()).isEqualTo(code);
    }

    static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // already stopped
        }
    }
}
