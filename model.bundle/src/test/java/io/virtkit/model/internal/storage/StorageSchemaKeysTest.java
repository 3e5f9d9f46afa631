package io.virtkit.model.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtkit.model.internal.domain.RngKeys;
import io.virtkit.model.internal.xml.XmlKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Walks libvirt 9.0's {@code storagepool.rng} and {@code storagevol.rng} (with what they include, from
 * libvirt-clients): every element and attribute they allow is read by a codec or listed as refused, so nothing
 * valid is dropped or refused by accident, and nothing listed is modelled or unknown to the schema.
 */
class StorageSchemaKeysTest {
    private static final Path SCHEMAS = Path.of("/usr/share/libvirt/schemas");

    private static RngKeys schema(String file) throws Exception {
        Path rng = SCHEMAS.resolve(file);
        if (!Files.isRegularFile(rng)) {
            String problem = rng + " is missing (Debian package libvirt-clients)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + problem);
            }
            Assumptions.abort(problem);
        }
        return RngKeys.of(rng);
    }

    private static XmlKeys keys(String file) {
        return file.equals("storagepool.rng") ? StorageKeys.POOL : StorageKeys.VOLUME;
    }

    @ParameterizedTest
    @ValueSource(strings = {"storagepool.rng", "storagevol.rng"})
    void theWalkReallyReadsTheSchema(String file) throws Exception {
        RngKeys schema = schema(file);
        if (file.equals("storagepool.rng")) {
            assertThat(schema.elements()).contains("pool/source/adapter/parentaddr/address",
                    "pool/{http://libvirt.org/schemas/storagepool/fs/1.0}mount_opts");
            assertThat(schema.attributes()).contains("pool/source/device/freeExtent@start", "pool@type",
                    "pool/source/adapter@parent_fabric_wwn");
        } else {
            assertThat(schema.elements()).contains("volume/target/features/extended_l2",
                    "volume/backingStore/timestamps/btime");
            assertThat(schema.attributes()).contains("volume/target/encryption/cipher@hash",
                    "volume/source/device/extent@end");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"storagepool.rng", "storagevol.rng"})
    void everyElementAndAttributeIsModelledOrRefused(String file) throws Exception {
        RngKeys schema = schema(file);
        XmlKeys keys = keys(file);
        Set<String> missing = new TreeSet<>();
        schema.elements().stream().filter(e -> !keys.isModelledElement(e) && !listed(keys, e)).forEach(missing::add);
        schema.attributes().stream().filter(a -> !keys.isModelled(a) && !listed(keys, a.substring(0, a.indexOf('@')))
                && !keys.refused().contains(a)).forEach(missing::add);
        assertThat(missing).as("neither modelled nor refused in %s", file).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"storagepool.rng", "storagevol.rng"})
    void nothingIsDroppedAndEveryRefusedKeyIsInTheSchemaAndNotModelled(String file) throws Exception {
        RngKeys schema = schema(file);
        XmlKeys keys = keys(file);
        assertThat(keys.dropped()).as("storage XML drops nothing silently").isEmpty();
        for (String key : keys.refused()) {
            assertThat(schema.elements().contains(key) || schema.attributes().contains(key)).as(key).isTrue();
            assertThat(keys.isModelled(key)).as(key).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"storagepool.rng", "storagevol.rng"})
    void everyModelledKeyIsInTheSchema(String file) throws Exception {
        RngKeys schema = schema(file);
        Set<String> unknown = new TreeSet<>();
        for (String key : keys(file).modelled()) {
            if (!schema.elements().contains(key) && !schema.attributes().contains(key)) {
                unknown.add(key);
            }
        }
        assertThat(unknown).as("modelled but not in %s", file).isEmpty();
    }

    private static boolean listed(XmlKeys keys, String element) {
        for (int i = element.indexOf('/'); ; i = element.indexOf('/', i + 1)) {
            String prefix = i < 0 ? element : element.substring(0, i);
            if (keys.refused().contains(prefix)) {
                return true;
            }
            if (i < 0) {
                return false;
            }
        }
    }
}
