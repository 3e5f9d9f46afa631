package io.virtkit.model.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each sample (one per pool type and form, one per volume format) is written back exactly as read, the written
 * XML parses to the same definition, and libvirt's schema accepts it.
 */
class StorageSamplesRoundTripTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void validator() {
        StorageXmlValidator.requireValidator();
    }

    @ParameterizedTest
    @FieldSource("io.virtkit.model.storage.StorageSamples#POOLS")
    void poolsRoundTripAndValidate(String sample) throws Exception {
        String xml = StorageSamples.read(sample);
        StoragePoolDefinition def = StoragePoolXmlCodec.parse(xml);
        String written = StoragePoolXmlCodec.format(def);
        assertThat(written).isEqualTo(xml);
        assertThat(StoragePoolXmlCodec.parse(written)).isEqualTo(def);
        StorageXmlValidator.assertValid(dir, sample, written, "storagepool");
        StorageXmlValidator.assertValid(dir, sample + "-inactive", StoragePoolXmlCodec.formatInactive(def),
                "storagepool");
    }

    @ParameterizedTest
    @FieldSource("io.virtkit.model.storage.StorageSamples#VOLUMES")
    void volumesRoundTripAndValidate(String sample) throws Exception {
        String xml = StorageSamples.read(sample);
        StorageVolumeDefinition def = StorageVolumeXmlCodec.parse(xml);
        String written = StorageVolumeXmlCodec.format(def);
        assertThat(written).isEqualTo(xml);
        assertThat(StorageVolumeXmlCodec.parse(written)).isEqualTo(def);
        StorageXmlValidator.assertValid(dir, sample, written, "storagevol");
    }

    @Test
    void everyPoolTypeAndVolumeFormatHasASample() {
        Set<StoragePoolType> types = StorageSamples.POOLS.stream()
                .map(s -> StoragePoolXmlCodec.parse(StorageSamples.read(s)).type())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(StoragePoolType.class)));
        assertThat(types).containsExactlyInAnyOrder(StoragePoolType.values());
        Set<String> formats = StorageSamples.VOLUMES.stream()
                .map(s -> StorageVolumeXmlCodec.parse(StorageSamples.read(s)).target().format())
                .collect(Collectors.toSet());
        formats.remove(null); // a netdir volume has no format
        assertThat(formats).as("the formats libvirt 9.0's pools take: 16 file formats, 8 partition types").hasSize(24);
    }

    @Test
    void theInactiveFormHasNoLiveSizesOrFreeExtents() {
        StoragePoolDefinition def = StoragePoolXmlCodec.parse(StorageSamples.read("pool-disk"));
        assertThat(def.capacity()).isEqualTo(500107862016L);
        assertThat(def.source().devices().get(0).freeExtents()).hasSize(2);
        String inactive = StoragePoolXmlCodec.formatInactive(def);
        assertThat(inactive).contains("<capacity unit='bytes'>0</capacity>", "<available unit='bytes'>0</available>",
                "<device path='/dev/sdz' part_separator='no'/>").doesNotContain("freeExtent");
    }
}
