package io.virtkit.storage.internal;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import io.virtkit.api.Connection;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.VolumeUpload;

/**
 * The process {@link StorageCrashTest} kills with SIGKILL: a storage driver on the test's directories that
 * clones a volume into the fs pool (through the given, rate-limited qemu-img) and uploads into another one,
 * slowly, until it is killed. It says on stdout when each is under way.
 *
 * <p>Arguments: the driver's directories' base, the qemu-img program, the clone's source pool and volume,
 * the target pool, the clone's name, the uploaded volume's name.
 */
public final class StorageCrashChild {
    private StorageCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        StoragePoolDriver driver = new StoragePoolDriver(StorageDirs.under(Path.of(args[0])), new QemuImg(args[1]));
        Connection connection = Open.connection(driver, "qemu:///system");
        StorageVolume source = connection.lookupStoragePoolByName(args[2]).lookupVolume(args[3]);
        StoragePool target = connection.lookupStoragePoolByName(args[4]);
        Thread clone = new Thread(() -> {
            System.out.println("CLONING");
            target.createVolumeFrom("<volume><name>" + args[5] + "</name><target><format type='qcow2'/></target>"
                    + "</volume>", source);
            System.out.println("CLONED"); // not expected: the test kills this process first
        });
        clone.start();
        StorageVolume uploaded = target.lookupVolume(args[6]);
        long capacity = uploaded.info().capacity();
        byte[] chunk = new byte[256 * 1024];
        java.util.Arrays.fill(chunk, (byte) 0x5a);
        VolumeUpload up = uploaded.upload(0, 0);
        for (long written = 0; ; written = (written + chunk.length) % capacity) {
            if (written == 0) {
                up.close();
                up = uploaded.upload(0, 0);
            }
            up.write(ByteBuffer.wrap(chunk));
            System.out.println("UPLOADING " + (written + chunk.length));
            Thread.sleep(50);
        }
    }
}
