package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.domain.DomainDefinition;
import io.virtkit.api.domain.DomainXmlCodec;

/**
 * A container with {@code <idmap>} is refused before anything is created, rather than run without its
 * user namespace (as the host's root): the driver does not make user namespaces yet.
 */
class IdmapRefusalTest {

    @Test
    void aContainerWithAnIdmapIsRefusedAtStart(@TempDir Path dir) throws Exception {
        Path rootfs = BusyboxRootfs.build(dir.resolve("rootfs"));
        LxcState state = new LxcState(LxcDriverSettings.forTests(dir.resolve("state"), "virtkit-test/idmap"));
        String xml = "<domain type='lxc'><name>mapped</name><memory unit='MiB'>64</memory>"
                + "<os><type>exe</type><init>/bin/sh</init></os>"
                + "<idmap><uid start='0' target='100000' count='65536'/><gid start='0' target='100000' count='65536'/></idmap>"
                + "<devices><filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/></filesystem>"
                + "</devices></domain>";
        DomainDefinition def = LxcState.prepare(DomainXmlCodec.parse(xml));

        assertThatThrownBy(() -> state.checkStartable(def)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
            assertThat(e.domain()).isEqualTo(ErrorDomain.LXC);
            assertThat(e.getMessage()).contains("user namespaces (<idmap>) are not supported");
        });
        // the same container without the mapping is startable
        state.checkStartable(def.withIdmap(null));
        assertThat(Files.exists(dir.resolve("state"))).as("nothing created by the checks").isFalse();
    }
}
