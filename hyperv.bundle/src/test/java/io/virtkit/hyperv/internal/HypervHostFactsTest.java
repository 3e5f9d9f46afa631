package io.virtkit.hyperv.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HypervHostFactsTest {

    @Test
    void cpuModelCleanedAsLibvirtDoes() {
        assertThat(HypervHostFacts.cpuModel("Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz"))
                .isEqualTo("Intel Xeon CPU E5-2680 v4");
        assertThat(HypervHostFacts.cpuModel("AMD EPYC(TM)  7502P Processor"))
                .isEqualTo("AMD EPYC 7502P Processor");
        assertThat(HypervHostFacts.cpuModel("A very long processor name that goes on and on"))
                .hasSize(31);
        assertThat(HypervHostFacts.cpuModel(null)).isEmpty();
    }
}
