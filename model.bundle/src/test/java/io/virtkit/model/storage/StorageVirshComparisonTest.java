package io.virtkit.model.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What the codecs write is what libvirt writes: each sample, as this codec writes it, is defined in libvirt's
 * test driver and dumped again, and libvirt's XML must be this codec's byte for byte, but for what the test
 * driver makes up or leaves out: sizes (it invents them), a volume's key and path (it derives them from the
 * pool), the fs and rbd namespaces (registered by the real driver's backends only), and what libvirt never
 * reads but fills in itself on a refresh (free extents, a volume's source extents, physical size, timestamps;
 * nocow, which it reads but does not write).
 */
class StorageVirshComparisonTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void virsh() {
        TestDriverVirsh.require();
    }

    @ParameterizedTest
    @FieldSource("io.virtkit.model.storage.StorageSamples#POOLS")
    void libvirtWritesPoolsAsTheCodecDoes(String sample) throws Exception {
        StoragePoolDefinition def = withoutRefreshData(StoragePoolXmlCodec.parse(StorageSamples.read(sample)));
        Path file = dir.resolve(sample + ".xml");
        Files.writeString(file, StoragePoolXmlCodec.format(def));
        String libvirts = TestDriverVirsh.document(TestDriverVirsh.run("pool-define " + file + " ; pool-dumpxml "
                + def.name()), "pool");
        StoragePoolDefinition dumped = StoragePoolXmlCodec.parse(libvirts);
        String ours = StoragePoolXmlCodec.format(def.withSizes(dumped.capacity(), dumped.allocation(),
                dumped.available()));
        assertThat(libvirts).isEqualTo(ours);
    }

    private static StoragePoolDefinition withoutRefreshData(StoragePoolDefinition d) {
        PoolSource s = d.source();
        List<PoolDevice> devices = s.devices().stream()
                .map(x -> new PoolDevice(x.path(), x.partSeparator(), List.of())).toList();
        PoolSource source = new PoolSource(s.hosts(), devices, s.dir(), s.adapter(), s.name(), s.initiatorIqn(),
                s.format(), s.auth(), s.protocolVersion(), s.vendor(), s.product());
        return new StoragePoolDefinition(d.type(), d.name(), d.uuid(), 0, 0, 0, d.cow(), source, d.target(),
                d.refreshAllocation(), List.of(), List.of());
    }

    /** Volumes of the formats a dir pool takes (the test driver's pools are dir pools). */
    @ParameterizedTest
    @FieldSource("io.virtkit.model.storage.StorageSamples#VOLUMES")
    void libvirtWritesVolumesAsTheCodecDoes(String sample) throws Exception {
        StorageVolumeDefinition def = StorageVolumeXmlCodec.parse(StorageSamples.read(sample));
        String format = def.target().format();
        if (format == null || !FILE_FORMATS.contains(format)) {
            return; // a partition type belongs to a disk pool
        }
        VolumeTarget t = def.target();
        VolumeTarget target = new VolumeTarget(t.path(), format, t.permissions(), null, t.encryption(), t.compat(),
                false, t.clusterSize(), t.features());
        VolumeBackingStore b = def.backingStore();
        VolumeBackingStore backing = b == null ? null
                : new VolumeBackingStore(b.path(), b.format(), b.permissions(), null);
        StorageVolumeDefinition sent = new StorageVolumeDefinition(def.type(), def.name(), def.key(), List.of(),
                def.capacity(), def.allocation(), null, target, backing);
        Path file = dir.resolve(sample + ".xml");
        Files.writeString(file, StorageVolumeXmlCodec.format(sent));
        String libvirts = TestDriverVirsh.document(TestDriverVirsh.run("vol-create default-pool " + file
                + " ; vol-dumpxml --pool default-pool " + def.name()), "volume");
        StorageVolumeDefinition dumped = StorageVolumeXmlCodec.parse(libvirts);
        VolumeTarget expectedTarget = new VolumeTarget(dumped.target().path(), format, t.permissions(), null,
                t.encryption(), t.compat(), false, t.clusterSize(), t.features());
        String ours = StorageVolumeXmlCodec.format(new StorageVolumeDefinition(def.type(), def.name(),
                dumped.key(), List.of(), def.capacity(), def.allocation(), null, expectedTarget, backing));
        assertThat(libvirts).isEqualTo(ours);
    }

    private static final List<String> FILE_FORMATS = List.of("raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc",
            "vdi", "fat", "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk");
}
