package io.virtkit.hyperv.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.virtkit.hyperv.internal.wsman.CimInstance;

/** A VM's maximum memory as dominfo and dumpxml say it. */
class HypervResourcesTest {

    private static final String GUID = "9B1C2C3D-0000-4000-8000-00000000000A";

    @Test
    void aStaticMemoryVmsMaximumIsItsMemoryNotHyperVsUnusedLimit() {
        CimInstance memory = HypervCimFixtures.memory(GUID, 512); // Limit 1048576, as Hyper-V leaves it
        assertThat(HypervResources.maximumMiB(memory)).isEqualTo(512);
        assertThat(HypervResources.maximumMiB(memory.with("DynamicMemoryEnabled", "false"))).isEqualTo(512);
    }

    @Test
    void withDynamicMemoryTheLimitIsTheMaximumNeverBelowTheMemory() {
        CimInstance memory = HypervCimFixtures.memory(GUID, 512).with("DynamicMemoryEnabled", "true");
        assertThat(HypervResources.maximumMiB(memory.with("Limit", "2048"))).isEqualTo(2048);
        assertThat(HypervResources.maximumMiB(memory.with("Limit", "256"))).isEqualTo(512);
    }
}
