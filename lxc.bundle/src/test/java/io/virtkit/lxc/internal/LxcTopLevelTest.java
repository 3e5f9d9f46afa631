package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.lxc.internal.cgroup.CgroupV1;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;

/**
 * The top-level elements outside {@code <devices>} on real containers (needs root, util-linux and
 * busybox-static): {@code <memtune>}'s hard and soft limits are the cgroup's, {@code <initdir>} is where
 * init starts, and what the driver cannot run is refused at start, leaving nothing behind.
 */
class LxcTopLevelTest {

    private LxcFixture fx;

    @BeforeEach
    void setUp() throws IOException {
        fx = new LxcFixture("virtkit-lxc-top");
    }

    @AfterEach
    void tearDown() throws IOException {
        fx.close();
    }

    private String container(String name, String top, String os, String rest) {
        return "<domain type='lxc'><name>" + name + "</name><memory unit='MiB'>64</memory>" + top
                + "<vcpu>1</vcpu><os><type>exe</type><init>/bin/sh</init><initarg>-c</initarg>"
                + "<initarg>pwd &gt; /top-pwd; trap 'exit 0' TERM; while :; do sleep 1000 &amp; wait; done</initarg>"
                + os + "</os>" + rest + "<devices><filesystem type='mount'><source dir='" + fx.rootfs + "'/>"
                + "<target dir='/'/></filesystem></devices></domain>";
    }

    @Test
    void hardLimitIsTheCgroupsMemoryLimitAndInitStartsInInitdir() throws Exception {
        Files.createDirectories(fx.rootfs.resolve("srv/app"));
        Domain d = fx.conn.defineDomain(container("tuned", "<memtune><hard_limit unit='MiB'>48</hard_limit><soft_limit unit='MiB'>32</soft_limit></memtune>",
                "<initdir>/srv/app</initdir>", "<features><privnet/></features>"));
        d.start();
        ContainerCgroup group = fx.driver.state().cgroup(fx.driver.state().lookupByName("tuned"));
        Path limit = group instanceof CgroupV1 v1 ? v1.directory("memory").resolve("memory.limit_in_bytes")
                : group.directories().get(0).resolve("memory.max");
        assertThat(Files.readString(limit).strip()).isEqualTo(Long.toString(48L << 20));
        Path soft = group instanceof CgroupV1 v1 ? v1.directory("memory").resolve("memory.soft_limit_in_bytes")
                : group.directories().get(0).resolve("memory.high");
        assertThat(Files.readString(soft).strip()).isEqualTo(Long.toString(32L << 20));
        Path pwd = fx.rootfs.resolve("top-pwd");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!Files.exists(pwd) || Files.readString(pwd).isBlank()) {
            assertThat(Instant.now()).as("init never wrote its directory").isBefore(deadline);
            Thread.sleep(20);
        }
        assertThat(Files.readString(pwd).strip()).isEqualTo("/srv/app");
        assertThat(d.xml()).contains("<hard_limit unit='KiB'>49152</hard_limit>").contains("<initdir>/srv/app</initdir>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <memtune><min_guarantee>1024</min_guarantee></memtune> | | | memtune <min_guarantee> is not supported by the LXC driver
            <numatune><memory nodeset='0'/></numatune>      | | | <numatune> is not supported by the LXC driver
            <memoryBacking><locked/></memoryBacking>        | | | <memoryBacking> is not supported by the LXC driver
            | <inituser>nobody</inituser> |  | <os><inituser> is not supported by the LXC driver
            | <initdir>srv</initdir> |  | initdir must be an absolute path
            | | <pm><suspend-to-mem enabled='no'/></pm>      | <pm> is not supported by the LXC driver
            <sysinfo type='fwcfg'><entry name='opt/x'>y</entry></sysinfo> | | | <sysinfo> is not supported by the LXC driver
            | | <features><capabilities policy='default'/></features> | feature 'capabilities' is not supported by the LXC driver
            | | <features><acpi/></features>                | feature 'acpi' is not supported by the LXC driver
            | | <clock offset='utc'><timer name='rtc'/></clock> | timer 'rtc' is not supported by the LXC driver
            | | <cpu><topology sockets='1' cores='1' threads='1'/></cpu> | <cpu> model, topology, features or NUMA is not supported by the LXC driver
            <iothreads>1</iothreads>                        | | | <iothreads> is not supported by the LXC driver
            """)
    void whatTheDriverCannotRunIsRefusedAtStart(String top, String os, String rest, String message) {
        Domain d = fx.conn.defineDomain(container("refused", top == null ? "" : top, os == null ? "" : os,
                rest == null ? "" : rest));
        assertThatThrownBy(d::start).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
            assertThat(e.domain()).isEqualTo(ErrorDomain.LXC);
            assertThat(e.getMessage()).isEqualTo("unsupported configuration: " + message);
        });
        assertThat(d.isActive()).isFalse();
    }
}
