package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The file names libvirt 9.0's ESX driver gave these domains' .vmx files on the simulator (read there). */
class EsxDatastoreItemNamesTest {

    @Test
    void escapesAsLibvirtNamesVmxFiles() {
        assertThat(EsxDatastoreItemNames.escape("défini par libvirt")).isEqualTo("d+w6k-fini par libvirt");
        assertThat(EsxDatastoreItemNames.escape("Virtkit: « VM » 50%? a\\b*c"))
                .isEqualTo("Virtkit_ +wqs- VM +wrs- 50+JQ-25_ a+JQ-5cb_c");
        assertThat(EsxDatastoreItemNames.escape("plain-Name_1.(x),'y'")).isEqualTo("plain-Name_1.(x),'y'");
    }
}
