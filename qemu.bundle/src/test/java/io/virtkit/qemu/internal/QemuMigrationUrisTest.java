package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Migration addresses: libvirt's {@code migrate_uri} forms in, QEMU's {@code tcp:host:port} out. */
class QemuMigrationUrisTest {

    @Test
    void libvirtsFormsAndQemusFormGiveHostAndPort() {
        assertThat(QemuMigrationUris.parse("tcp://10.77.0.2")).isEqualTo(new QemuMigrationUris.Address("10.77.0.2", 0));
        assertThat(QemuMigrationUris.parse("tcp://10.77.0.2:49152/"))
                .isEqualTo(new QemuMigrationUris.Address("10.77.0.2", 49152));
        assertThat(QemuMigrationUris.parse("tcp:10.77.0.2:49153"))
                .isEqualTo(new QemuMigrationUris.Address("10.77.0.2", 49153));
        assertThat(QemuMigrationUris.parse("tcp://[fd00::2]:49154"))
                .isEqualTo(new QemuMigrationUris.Address("fd00::2", 49154));
        assertThat(QemuMigrationUris.qemuTarget("tcp://[fd00::2]:49154")).isEqualTo("tcp:[fd00::2]:49154");
        assertThat(QemuMigrationUris.qemuTarget("tcp://hostb:49155")).isEqualTo("tcp:hostb:49155");
    }

    @Test
    void otherTransportsMissingPartsAndBadPortsAreRefused() {
        assertThatThrownBy(() -> QemuMigrationUris.parse("rdma://10.0.0.1"))
                .hasMessage("invalid argument: unsupported scheme rdma in migration URI rdma://10.0.0.1");
        assertThatThrownBy(() -> QemuMigrationUris.parse("tcp://:49152")).hasMessageContaining("missing host");
        assertThatThrownBy(() -> QemuMigrationUris.parse("tcp://h:70000")).hasMessageContaining("unable to parse URI");
        assertThatThrownBy(() -> QemuMigrationUris.parse("tcp://[fd00::2")).hasMessageContaining("unable to parse URI");
        assertThatThrownBy(() -> QemuMigrationUris.qemuTarget("tcp://h")).hasMessageContaining("missing port");
        assertThatThrownBy(() -> QemuMigrationUris.qemuTarget(null)).hasMessageContaining("missing");
    }
}
