package io.virtkit.model.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtkit.model.internal.xml.XmlKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the list of what is not yet modelled honest against libvirt 9.0's domain schema
 * ({@code /usr/share/libvirt/schemas/domain.rng} and what it includes, from libvirt-clients): every element
 * and attribute the schema allows is read by a codec or listed, so nothing valid is refused by accident, and
 * no listed key is one a codec reads or one the schema does not have.
 */
class DomainSchemaKeysTest {
    private static final Path SCHEMA = Path.of("/usr/share/libvirt/schemas/domain.rng");
    private static final XmlKeys KEYS = DomainKeys.KEYS;

    private static RngKeys schema;

    @BeforeAll
    static void readSchema() throws Exception {
        if (!Files.isRegularFile(SCHEMA)) {
            String problem = SCHEMA + " is missing (Debian package libvirt-clients)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + problem);
            }
            Assumptions.abort(problem);
        }
        schema = RngKeys.of(SCHEMA);
    }

    @Test
    void theWalkReallyReadsTheSchema() {
        assertThat(schema.elements()).contains("domain", "domain/devices/disk", "domain/devices/controller",
                "domain/devices/disk/backingStore/backingStore", "domain/{http://libvirt.org/schemas/domain/qemu/1.0}commandline");
        assertThat(schema.attributes()).contains("domain/devices/disk/driver@cache", "domain@type");
        assertThat(schema.elements().size()).isGreaterThan(500);
    }

    @Test
    void everyElementAndAttributeOfTheSchemaIsModelledOrListed() {
        Set<String> missing = new TreeSet<>();
        schema.elements().stream().filter(e -> !KEYS.isModelledElement(e) && !listed(e)).forEach(missing::add);
        schema.attributes().stream().filter(a -> !KEYS.isModelled(a) && !listed(a.substring(0, a.indexOf('@')))
                && !KEYS.dropped().contains(a) && !KEYS.refused().contains(a)).forEach(missing::add);
        // Prune what a listed missing element covers, so the message lists what to add, no more.
        Set<String> top = missing.stream().filter(k -> missing.stream().noneMatch(
                p -> !p.equals(k) && !p.contains("@") && (k.startsWith(p + "/") || k.startsWith(p + "@"))))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(top).as("neither modelled nor in %s:%n%s", DomainKeys.NOT_MODELLED, String.join("\n", top))
                .isEmpty();
    }

    @Test
    void noListedKeyIsModelled() {
        Set<String> stale = new TreeSet<>();
        KEYS.dropped().stream().filter(KEYS::isModelled).forEach(stale::add);
        KEYS.refused().stream().filter(KEYS::isModelled).forEach(stale::add);
        assertThat(stale).as("modelled now: remove from %s", DomainKeys.NOT_MODELLED).isEmpty();
    }

    @Test
    void everyListedKeyIsInTheSchema() {
        Set<String> unknown = new TreeSet<>();
        Set<String> listed = new TreeSet<>(KEYS.dropped());
        listed.addAll(KEYS.refused());
        for (String key : listed) {
            boolean known = key.endsWith("}") || schema.elements().contains(key) || schema.attributes().contains(key);
            if (!known) {
                unknown.add(key);
            }
        }
        assertThat(unknown).as("listed in %s but not in libvirt's schema", DomainKeys.NOT_MODELLED).isEmpty();
    }

    /** Whether the element, or one it is in, is listed (dropped or refused), or its namespace is, there. */
    private static boolean listed(String element) {
        for (int i = element.indexOf('/'); ; i = element.indexOf('/', i + 1)) {
            String prefix = i < 0 ? element : element.substring(0, i);
            if (KEYS.dropped().contains(prefix) || KEYS.refused().contains(prefix)) {
                return true;
            }
            if (i < 0) {
                break;
            }
        }
        int slash = element.lastIndexOf('/');
        String last = element.substring(slash + 1);
        return last.startsWith("{") && KEYS.dropped().contains(element.substring(0, slash + 1)
                + last.substring(0, last.indexOf('}') + 1));
    }
}
