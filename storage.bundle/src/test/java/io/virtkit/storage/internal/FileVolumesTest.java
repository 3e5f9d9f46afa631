package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Raw and qcow2 file volumes made, copied, resized, wiped and deleted with real files and qemu-img. */
class FileVolumesTest {
    private static final long MIB = 1 << 20;
    private final HostFixtures host = new HostFixtures();
    private final QemuImg qemuImg = new QemuImg();

    @AfterEach
    void cleanUp() {
        host.close();
    }

    private record Progress(List<long[]> reports) implements ProgressListener {
        Progress() {
            this(new ArrayList<>());
        }

        @Override
        public void progress(long done, long total) {
            reports.add(new long[] {done, total});
        }
    }

    @Test
    void rawReservesItsAllocationAndLeavesTheRestSparse() throws Exception {
        Path dir = host.directory("vk-vols");
        FileVolumes vols = new FileVolumes(dir, qemuImg);

        HostVolume sparse = vols.createRaw("sparse.img", 64 * MIB, 0, new FilePermissions(-1, -1, -1));
        assertThat(sparse.format()).isEqualTo("raw");
        assertThat(sparse.capacity()).isEqualTo(64 * MIB);
        assertThat(sparse.allocation()).isLessThan(MIB);
        assertThat(FilePermissions.modeOf(Files.getPosixFilePermissions(sparse.path()))).isEqualTo(0600);

        HostVolume part = vols.createRaw("part.img", 16 * MIB, 4 * MIB, new FilePermissions(-1, -1, -1));
        assertThat(part.allocation()).isBetween(4 * MIB, 5 * MIB);

        HostVolume full = vols.createRaw("full.img", 8 * MIB, 8 * MIB, new FilePermissions(0640, 1234, 1234));
        assertThat(full.allocation()).isGreaterThanOrEqualTo(8 * MIB);
        assertThat(FilePermissions.modeOf(Files.getPosixFilePermissions(full.path()))).isEqualTo(0640);
        assertThat(Files.getAttribute(full.path(), "unix:uid")).isEqualTo(1234);
    }

    @Test
    void qcow2TakesLibvirtsCreateOptionsAndABackingStore() throws Exception {
        Path dir = host.directory("vk-vols");
        FileVolumes vols = new FileVolumes(dir, qemuImg);
        HostVolume base = vols.createRaw("base.img", 32 * MIB, 0, FilePermissions.mode(0644));

        HostVolume plain = vols.createQcow2("plain.qcow2", 10 * MIB,
                new Qcow2Options(null, null, "0.10", 4096, false), FilePermissions.mode(-1));
        assertThat(plain.format()).isEqualTo("qcow2");
        assertThat(plain.capacity()).isEqualTo(10 * MIB);
        String info = HostCommand.check(List.of("qemu-img", "info", "--output=json", plain.path().toString())).stdout();
        assertThat(info).contains("\"compat\": \"0.10\"").contains("\"cluster-size\": 4096");

        HostVolume lazy = vols.createQcow2("lazy.qcow2", 10 * MIB, new Qcow2Options(null, null, "1.1", 0, true),
                FilePermissions.mode(-1));
        assertThat(HostCommand.check(List.of("qemu-img", "info", "--output=json", lazy.path().toString())).stdout())
                .contains("\"lazy-refcounts\": true");

        // the backing store's format is probed when not given; no size takes the backing store's
        HostVolume overlay = vols.createQcow2("overlay.qcow2", 0, Qcow2Options.backedBy(base.path().toString(), null),
                FilePermissions.mode(-1));
        assertThat(overlay.backingFile()).isEqualTo(base.path().toString());
        assertThat(overlay.backingFormat()).isEqualTo("raw");
        assertThat(overlay.capacity()).isEqualTo(32 * MIB);
    }

    @Test
    void aMissingBackingStoreIsAClearErrorAndCreatesNothing() throws Exception {
        Path dir = host.directory("vk-vols");
        FileVolumes vols = new FileVolumes(dir, qemuImg);
        assertThatThrownBy(() -> vols.createQcow2("o.qcow2", MIB, Qcow2Options.backedBy(dir + "/missing.img", "raw"),
                FilePermissions.mode(-1)))
                .hasMessage("inaccessible backing store volume " + dir + "/missing.img: No such file or directory");
        assertThat(dir.resolve("o.qcow2")).doesNotExist();

        // a qcow2 whose backing file went away: it still probes, but cloning it says which file is missing
        HostVolume base = vols.createRaw("base.img", MIB, 0, FilePermissions.mode(-1));
        HostVolume overlay = vols.createQcow2("overlay.qcow2", MIB, Qcow2Options.backedBy(base.path().toString(), "raw"),
                FilePermissions.mode(-1));
        vols.delete(base);
        HostVolume orphan = vols.lookup("overlay.qcow2");
        assertThat(orphan.backingFile()).isEqualTo(base.path().toString());
        assertThatThrownBy(() -> vols.cloneFrom(orphan, "copy.raw", "raw", FilePermissions.mode(-1), ProgressListener.NONE))
                .isInstanceOf(VirtException.class)
                .hasMessage("Cannot access backing file '" + base.path() + "' of storage file '" + overlay.path()
                        + "': No such file or directory");
        assertThat(dir.resolve("copy.raw")).doesNotExist();
    }

    @Test
    void namesThatLeaveThePoolOrExistAreRefusedWithLibvirtsWording() throws Exception {
        Path dir = host.directory("vk-vols");
        FileVolumes vols = new FileVolumes(dir, qemuImg);
        assertThatThrownBy(() -> vols.createRaw("../escape", MIB, 0, FilePermissions.mode(-1)))
                .hasMessage("Requested operation is not valid: volume name '../escape' cannot contain '/'")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_INVALID);
        for (String name : List.of(".", "..")) {
            assertThatThrownBy(() -> vols.createRaw(name, MIB, 0, FilePermissions.mode(-1)))
                    .hasMessage("Requested operation is not valid: volume target path '" + dir + "/" + name
                            + "' already exists");
        }
        vols.createRaw("taken", MIB, 0, FilePermissions.mode(-1));
        assertThatThrownBy(() -> vols.createQcow2("taken", MIB, null, FilePermissions.mode(-1)))
                .hasMessageContaining("volume target path '" + dir + "/taken' already exists");
        assertThat(Files.size(dir.resolve("taken"))).isEqualTo(MIB);
    }

    @Test
    void aFullFileSystemLeavesNoPartialVolume() throws Exception {
        Path fs = host.smallTmpfs(4 * MIB);
        FileVolumes vols = new FileVolumes(fs, qemuImg);

        assertThatThrownBy(() -> vols.createRaw("big.img", 8 * MIB, 8 * MIB, FilePermissions.mode(-1)))
                .isInstanceOf(VirtException.class)
                .hasMessage("cannot allocate " + (8 * MIB) + " bytes in file '" + fs + "/big.img': No space left on device");
        assertThat(fs.resolve("big.img")).doesNotExist();

        // a copy that runs out of space half-way
        Path elsewhere = host.directory("vk-vols");
        HostVolume source = new FileVolumes(elsewhere, qemuImg).createRaw("data.img", 6 * MIB, 0, FilePermissions.mode(-1));
        byte[] noise = new byte[(int) (6 * MIB)];
        new Random(1).nextBytes(noise);
        Files.write(source.path(), noise);
        assertThatThrownBy(() -> vols.cloneFrom(source, "copy.img", "raw", FilePermissions.mode(-1), ProgressListener.NONE))
                .hasMessage("failed writing to file '" + fs + "/copy.img': No space left on device");
        assertThatThrownBy(() -> vols.cloneFrom(source, "copy.qcow2", "qcow2", FilePermissions.mode(-1), ProgressListener.NONE))
                .hasMessageContaining("qemu-img convert");
        try (var left = Files.list(fs)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void cloneCopiesRawSparselyAndConvertsWithProgress() throws Exception {
        Path dir = host.directory("vk-vols");
        FileVolumes vols = new FileVolumes(dir, qemuImg);
        HostVolume source = vols.createRaw("src.img", 16 * MIB, 0, FilePermissions.mode(-1));
        byte[] chunk = new byte[(int) MIB];
        new Random(2).nextBytes(chunk);
        try (var f = new java.io.RandomAccessFile(source.path().toFile(), "rw")) {
            f.seek(3 * MIB);
            f.write(chunk);
        }
        source = vols.lookup("src.img");

        Progress copy = new Progress();
        HostVolume raw = vols.cloneFrom(source, "copy.img", "raw", FilePermissions.mode(-1), copy);
        assertThat(Files.readAllBytes(raw.path())).isEqualTo(Files.readAllBytes(source.path()));
        assertThat(raw.allocation()).isLessThan(4 * MIB);
        assertThat(copy.reports()).isNotEmpty().allSatisfy(r -> assertThat(r[1]).isEqualTo(16 * MIB));
        assertThat(copy.reports().get(copy.reports().size() - 1)[0]).isEqualTo(16 * MIB);
        assertThat(copy.reports()).extracting(r -> r[0]).isSorted();

        Progress convert = new Progress();
        HostVolume qcow2 = vols.cloneFrom(source, "copy.qcow2", "qcow2", FilePermissions.mode(-1), convert);
        assertThat(qcow2.format()).isEqualTo("qcow2");
        assertThat(qcow2.capacity()).isEqualTo(16 * MIB);
        assertThat(convert.reports()).extracting(r -> r[0]).isSorted().last().isEqualTo(16 * MIB);
        assertThat(convert.reports()).as("qemu-img's own percentages, then the end").hasSizeGreaterThan(2);
        HostCommand.check(List.of("qemu-img", "compare", "-f", "raw", "-F", "qcow2",
                source.path().toString(), qcow2.path().toString()));

        HostVolume back = vols.cloneFrom(qcow2, "back.img", "raw", FilePermissions.mode(-1), ProgressListener.NONE);
        assertThat(Files.readAllBytes(back.path())).isEqualTo(Files.readAllBytes(source.path()));
    }

    @Test
    void resizeGrowsAndShrinksOnlyWhenAsked() throws Exception {
        Path dir = host.directory("vk-vols");
        FileVolumes vols = new FileVolumes(dir, qemuImg);
        HostVolume raw = vols.createRaw("r.img", 8 * MIB, 0, FilePermissions.mode(-1));

        HostVolume grown = vols.resize(raw, 12 * MIB, false, true);
        assertThat(grown.capacity()).isEqualTo(12 * MIB);
        assertThat(grown.allocation()).isGreaterThanOrEqualTo(4 * MIB); // the new part was allocated
        assertThatThrownBy(() -> vols.resize(grown, 4 * MIB, false, false))
                .hasMessage("invalid argument: Can't shrink capacity below current capacity unless shrink flag"
                        + " explicitly specified");
        assertThat(vols.resize(grown, 4 * MIB, true, false).capacity()).isEqualTo(4 * MIB);

        HostVolume q = vols.createQcow2("q.qcow2", 8 * MIB, null, FilePermissions.mode(-1));
        assertThat(vols.resize(q, 20 * MIB, false, false).capacity()).isEqualTo(20 * MIB);
        assertThat(vols.resize(vols.lookup("q.qcow2"), 2 * MIB, true, false).capacity()).isEqualTo(2 * MIB);
    }

    @Test
    void wipeWritesZerosWithProgressAndDeleteRemoves() throws Exception {
        Path dir = host.directory("vk-vols");
        FileVolumes vols = new FileVolumes(dir, qemuImg);
        HostVolume vol = vols.createRaw("w.img", 3 * MIB, 3 * MIB, FilePermissions.mode(-1));
        byte[] noise = new byte[(int) (3 * MIB)];
        new Random(3).nextBytes(noise);
        Files.write(vol.path(), noise);

        Progress wipe = new Progress();
        vols.wipe(vols.lookup("w.img"), wipe);
        assertThat(Files.readAllBytes(vol.path())).containsOnly(0);
        assertThat(wipe.reports()).extracting(r -> r[0]).contains(MIB, 2 * MIB, 3 * MIB);

        HostVolume sparse = vols.createRaw("s.img", 64 * MIB, 0, FilePermissions.mode(-1));
        try (var f = new java.io.RandomAccessFile(sparse.path().toFile(), "rw")) {
            f.seek(MIB);
            f.write(noise, 0, 4096);
        }
        vols.wipe(vols.lookup("s.img"), ProgressListener.NONE);
        HostVolume wiped = vols.lookup("s.img");
        assertThat(wiped.capacity()).isEqualTo(64 * MIB);
        assertThat(wiped.allocation()).isZero();

        vols.delete(wiped);
        vols.delete(wiped); // already gone: no error
        assertThat(sparse.path()).doesNotExist();
        assertThatThrownBy(() -> vols.lookup("s.img"))
                .hasMessage("Storage volume not found: no storage vol with matching name 's.img'");
    }
}
