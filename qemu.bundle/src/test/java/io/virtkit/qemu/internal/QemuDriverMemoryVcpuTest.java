package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.qemu.QemuDomain;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * setmem, setmaxmem, setvcpus (with vCPU hotplug) and vcpucount on the QEMU driver, with real QEMU (TCG) for the
 * running domain.
 */
class QemuDriverMemoryVcpuTest {

    @RegisterExtension
    final QemuDriverInstances instances = new QemuDriverInstances();
    private final QemuGuests guests = instances.guests;

    /** 32 MiB, one of two vCPUs enabled, and a virtio balloon unless {@code balloon} is false. */
    private String guest(String name, boolean balloon) {
        return guests.xml(name, "<devices><memballoon model='" + (balloon ? "virtio" : "none") + "'/></devices>")
                .replace("<vcpu>1</vcpu>", "<vcpu current='1'>2</vcpu>");
    }

    @Test
    void configChangesEditThePersistentDefinitionAndItsFile() throws Exception {
        Connection conn = instances.open(null);
        Domain d = conn.defineDomain(guest("cfg", true));
        Path file = instances.settings().session().config().resolve("cfg.xml");

        assertVirtError(() -> d.setMemory(16384, MemoryModFlag.LIVE), ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain is not running");
        assertVirtError(() -> d.setMemory(65536), ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                "invalid argument: cannot set memory higher than max memory");
        d.setMemory(16384);
        assertThat(d.info().memoryKiB()).isEqualTo(16384);
        d.setMaxMemory(65536);
        d.setMemory(49152, MemoryModFlag.CONFIG);
        assertThat(d.maxMemory()).isEqualTo(65536);
        assertThat(Files.readString(file)).contains("<memory unit='KiB'>65536</memory>")
                .contains("<currentMemory unit='KiB'>49152</currentMemory>");
        d.setMaxMemory(8192); // the balloon is cut to the new maximum
        assertThat(d.info().memoryKiB()).isEqualTo(8192);

        assertVirtError(() -> d.setVcpus(3), ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                "invalid argument: requested vcpus is greater than max allowable vcpus for the persistent domain: 3 > 2");
        d.setVcpus(4, VcpuFlag.CONFIG, VcpuFlag.MAXIMUM);
        d.setVcpus(3, VcpuFlag.CONFIG);
        assertThat(d.vcpusFlags(VcpuFlag.CONFIG)).isEqualTo(3);
        assertThat(d.vcpusFlags(VcpuFlag.MAXIMUM)).isEqualTo(4);
        assertThat(d.info().vcpus()).isEqualTo(3);
        assertThat(Files.readString(file)).contains("<vcpu placement='static' current='3'>4</vcpu>");
        assertVirtError(d::maxVcpus, ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain is not running");
        assertVirtError(() -> d.setVcpus(2, VcpuFlag.HOTPLUGGABLE), ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                "invalid argument: unsupported flags (0x10) in function virDomainSetVcpusFlags");

        Domain topo = conn.defineDomain(guests.xml("topo", "<cpu><topology sockets='1' cores='2' threads='1'/></cpu>")
                .replace("<vcpu>1</vcpu>", "<vcpu>2</vcpu>"));
        assertVirtError(() -> topo.setVcpus(4, VcpuFlag.CONFIG, VcpuFlag.MAXIMUM), ErrorCode.INVALID_ARG,
                ErrorDomain.QEMU, "invalid argument: CPU topology doesn't match the desired vcpu count");
    }

    @Test
    void aRunningDomainBalloonsAndTakesConfigChangesForItsNextStart() throws Exception {
        Connection conn = instances.open(null);
        Domain d = conn.defineDomain(guest("run", true));
        d.start(StartFlag.PAUSED);
        try {
            assertThat(d.maxVcpus()).isEqualTo(2);
            assertThat(d.vcpusFlags(VcpuFlag.LIVE)).isEqualTo(1);
            assertThat(d.info().vcpus()).isEqualTo(1);
            assertThat(((QemuDomain) d).monitorCommand("{\"execute\":\"query-cpus-fast\"}"))
                    .containsOnlyOnce("\"cpu-index\""); // QEMU runs the one enabled vCPU of two

            assertVirtError(() -> d.setMaxMemory(65536), ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                    "Requested operation is not valid: cannot resize the maximum memory on an active domain");
            assertVirtError(() -> d.setMemory(65536, MemoryModFlag.LIVE), ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                    "invalid argument: cannot set memory higher than max memory");
            // QEMU takes the balloon target; without a guest balloon driver there is no BALLOON_CHANGE, so the
            // live current memory stays as QEMU reports it, as with libvirt
            d.setMemory(16384, MemoryModFlag.LIVE);
            assertThat(((QemuDomain) d).monitorCommand("{\"execute\":\"query-balloon\"}"))
                    .contains("\"actual\":" + 32L * 1024 * 1024);
            assertThat(d.info().memoryKiB()).isEqualTo(32768);

            d.setMemory(65536, MemoryModFlag.CONFIG, MemoryModFlag.MAXIMUM);
            d.setMemory(24576, MemoryModFlag.CONFIG);
            d.setVcpus(2, VcpuFlag.CONFIG);
            assertThat(d.xml()).contains("<memory unit='KiB'>32768</memory>")
                    .contains("<vcpu placement='static' current='1'>2</vcpu>"); // config changes stay out of it
            assertThat(d.xml(XmlFlag.INACTIVE)).contains("<memory unit='KiB'>65536</memory>")
                    .contains("<currentMemory unit='KiB'>24576</currentMemory>")
                    .contains("<vcpu placement='static'>2</vcpu>");

            d.setVcpus(1, VcpuFlag.LIVE); // the present count: nothing to plug
            d.setVcpus(2, VcpuFlag.LIVE); // hotplug: QEMU's second CPU slot
            assertThat(((QemuDomain) d).monitorCommand("{\"execute\":\"query-cpus-fast\"}"))
                    .contains("\"cpu-index\":1");
            assertThat(d.vcpusFlags(VcpuFlag.LIVE)).isEqualTo(2);
            assertThat(d.info().vcpus()).isEqualTo(2);
            assertThat(d.xml()).contains("<vcpu placement='static'>2</vcpu>");
            assertVirtError(() -> d.setVcpus(1, VcpuFlag.LIVE), ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.QEMU,
                    "Operation not supported: removing vCPUs from a running domain (vCPU unplug) is not supported");
            assertVirtError(() -> d.setVcpus(3, VcpuFlag.CONFIG, VcpuFlag.MAXIMUM, VcpuFlag.LIVE),
                    ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                    "invalid argument: maximum vcpu count of a live domain can't be modified");
        } finally {
            d.destroy();
        }
        assertThat(d.info().maxMemoryKiB()).isEqualTo(65536);
        assertThat(d.info().memoryKiB()).isEqualTo(24576);
        assertThat(d.vcpusFlags()).isEqualTo(2);
    }

    @Test
    void aGuestWithoutABalloonCannotChangeItsLiveMemory() throws Exception {
        Connection conn = instances.open(null);
        Domain d = conn.createDomain(guest("nob", false), StartFlag.PAUSED);
        try {
            assertVirtError(() -> d.setMemory(16384), ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                    "Requested operation is not valid: Unable to change memory of active domain without the balloon "
                            + "device and guest OS balloon driver");
            assertVirtError(() -> d.setMemory(16384, MemoryModFlag.CONFIG), ErrorCode.OPERATION_INVALID,
                    ErrorDomain.DOMAIN,
                    "Requested operation is not valid: transient domains do not have any persistent config");
            assertThat(d.info().memoryKiB()).isEqualTo(32768);
        } finally {
            d.destroy();
        }
    }

    @Test
    void balloonChangeEventsMoveTheLiveCurrentMemoryWithinTheMaximum() {
        var live = DomainXmlCodec.parse(guest("ev", true));
        assertThat(QemuResources.ballooned(live, 16L * 1024 * 1024).currentMemoryKiB()).isEqualTo(16384);
        assertThat(QemuResources.ballooned(live, 64L * 1024 * 1024).currentMemoryKiB()).isEqualTo(32768);
    }

    private static void assertVirtError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code,
            ErrorDomain domain, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.domain()).isEqualTo(domain);
            assertThat(e).hasMessage(message);
        });
    }
}
