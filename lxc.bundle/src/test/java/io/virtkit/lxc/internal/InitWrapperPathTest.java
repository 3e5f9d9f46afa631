package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class InitWrapperPathTest {

    @Test
    void theControllerFindsHostProgramsOnTheDaemonsPathOrDebiansDirectories() {
        assertThat(InitWrapper.hostPath(Map.of("PATH", "/opt/host-path"))).isEqualTo("/opt/host-path");
        assertThat(InitWrapper.hostPath(Map.of())).isEqualTo("/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(InitWrapper.hostPath(Map.of("PATH", " "))).isEqualTo("/usr/sbin:/usr/bin:/sbin:/bin");
    }
}
