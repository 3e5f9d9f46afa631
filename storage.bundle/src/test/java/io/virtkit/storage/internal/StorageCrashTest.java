package io.virtkit.storage.internal;

import static io.virtkit.storage.internal.StorageTestKit.dirPoolXml;
import static io.virtkit.storage.internal.StorageTestKit.fsPoolXml;
import static io.virtkit.storage.internal.StorageTestKit.randomBytes;
import static io.virtkit.storage.internal.StorageTestKit.upload;
import static io.virtkit.storage.internal.StorageTestKit.volumeXml;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;

/**
 * A crash (SIGKILL) of the process running the storage driver in the middle of a clone and an upload: a new
 * driver on the same directories finds its pools as they were (the fs pool still mounted and active) and no
 * half-copied volume among the good ones, the clone's partial file removed.
 */
class StorageCrashTest {
    private static final long MIB = 1 << 20;
    private final HostFixtures host = new HostFixtures();
    private final MountTable mounts = new MountTable();
    private Process child;
    private GatedQemuImg qemuImg;

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (child != null) {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            if (qemuImg != null) {
                qemuImg.convert().ifPresent(StorageCrashTest::kill);
            }
        } finally {
            host.close();
        }
    }

    @Test
    void aKilledDriverLeavesItsPoolsAndNoHalfVolume() throws Exception {
        Path dirs = host.directory("vk-crash-dirs");
        Path base = host.directory("vk-crash-pools");
        Path device = host.loopDevice(96 * MIB);
        Path fsTarget = base.resolve("fs");
        host.atClose(() -> {
            while (mounts.at(fsTarget).isPresent()) {
                HostCommand.check(List.of("umount", fsTarget.toString()));
            }
        });
        qemuImg = new GatedQemuImg(host.directory("vk-crash-qemu-img"), 2 * MIB);

        StoragePoolDriver driver = new StoragePoolDriver(StorageDirs.under(dirs), new QemuImg());
        try (Connection connection = Open.connection(driver, "qemu:///system")) {
            StoragePool dir = connection.defineStoragePool(dirPoolXml("vk-crash-dir", base.resolve("dir")));
            dir.build();
            dir.start();
            StorageVolume source = dir.createVolume(volumeXml("source.raw", 32 * MIB, "raw"));
            upload(source, randomBytes((int) (32 * MIB)), false);
            StoragePool fs = connection.defineStoragePool(fsPoolXml("vk-crash-fs", device, fsTarget));
            fs.build(io.virtkit.api.StoragePoolBuildFlag.NO_OVERWRITE);
            fs.start();
            fs.createVolume(volumeXml("upload.raw", 16 * MIB, "raw"));
        } finally {
            driver.close();
        }

        BlockingQueue<String> said = new LinkedBlockingQueue<>();
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StorageCrashChild.class.getName(),
                dirs.toString(), qemuImg.program(), "vk-crash-dir", "source.raw", "vk-crash-fs", "clone.qcow2",
                "upload.raw").redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    said.add(line);
                }
            } catch (java.io.IOException e) {
                // the child is gone
            }
        });
        reader.setDaemon(true);
        reader.start();

        Path partial = fsTarget.resolve(VolumeJobs.PARTIAL_PREFIX + "clone.qcow2");
        awaitLine(said, "UPLOADING");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(Files.exists(partial) && Files.size(partial) > 2 * MIB && qemuImg.convert().isPresent())) {
            assertThat(child.isAlive()).as("the child runs: " + said).isTrue();
            assertThat(System.nanoTime()).as("the clone got under way").isLessThan(deadline);
            Thread.sleep(50);
        }

        child.destroyForcibly(); // SIGKILL
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        qemuImg.convert().ifPresent(StorageCrashTest::kill); // the copy the driver ran, orphaned by the crash
        assertThat(said).doesNotContain("CLONED");
        assertThat(partial).exists();
        assertThat(fsTarget.resolve("clone.qcow2")).doesNotExist();
        assertThat(mounts.at(fsTarget)).as("the fs pool's mount outlives the driver").isPresent();

        driver = new StoragePoolDriver(StorageDirs.under(dirs), new QemuImg());
        try (Connection connection = Open.connection(driver, "qemu:///system")) {
            StoragePool fs = connection.lookupStoragePoolByName("vk-crash-fs");
            StoragePool dir = connection.lookupStoragePoolByName("vk-crash-dir");
            assertThat(fs.isActive()).isTrue();
            assertThat(dir.isActive()).isTrue();
            assertThat(fs.listVolumes()).extracting(StorageVolume::name).containsExactly("upload.raw");
            assertThat(partial).as("removed when the driver found its pool again").doesNotExist();
            StorageVolume uploaded = fs.lookupVolume("upload.raw");
            assertThat(uploaded.info().capacity()).isEqualTo(16 * MIB);
            uploaded.delete(); // nothing of the dead process keeps it in use
            dir.lookupVolume("source.raw").delete();

            fs.destroy();
            assertThat(mounts.at(fsTarget)).isEmpty();
            fs.start();
            assertThat(fs.listVolumes()).isEmpty();
            fs.destroy();
            dir.destroy();
        } finally {
            driver.close();
        }
    }

    private void awaitLine(BlockingQueue<String> said, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String line; (line = said.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (line.startsWith(prefix)) {
                return;
            }
        }
        throw new AssertionError("the child did not say " + prefix + " (alive: " + child.isAlive() + ")");
    }

    private static void kill(ProcessHandle p) {
        p.destroyForcibly();
        p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }
}
