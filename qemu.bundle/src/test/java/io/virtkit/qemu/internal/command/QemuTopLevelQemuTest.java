package io.virtkit.qemu.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Real QEMU (TCG) runs what the top-level elements outside {@code <devices>} ask for, checked over QMP:
 * topology and vCPUs present, the CPU model's vendor and PMU, machine properties, the RAM backend, I/O
 * threads, the generation ID and {@code qemu:commandline} passthrough. Uses {@link QemuCommandLineQemuTest}'s
 * way of starting QEMU paused and talking QMP to it.
 */
class QemuTopLevelQemuTest {

    @TempDir
    Path dir;

    private final QemuCommandLineQemuTest qemu = new QemuCommandLineQemuTest();

    @BeforeAll
    static void needsQemu() {
        QemuCommandLineQemuTest.needsQemu();
    }

    @BeforeEach
    void useTempDir() {
        qemu.dir = dir;
    }

    @AfterEach
    void killQemu() throws InterruptedException {
        qemu.killQemu();
    }

    private static String qom(QemuCommandLineQemuTest.Qmp qmp, String path, String property) throws Exception {
        return qmp.send("{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"" + path + "\",\"property\":\""
                + property + "\"}}").asText();
    }

    @Test
    void cpuTopologyModelMachineMemoryIothreadsGenidAndPassthroughRun() throws Exception {
        String xml = "<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>"
                + "<name>top</name><genid>43dc0cf8-809b-4adb-9bea-a9abb5f3d90d</genid>"
                + "<memory dumpCore='on' unit='MiB'>64</memory>"
                + "<memoryBacking><nosharepages/><source type='memfd'/><access mode='shared'/></memoryBacking>"
                + "<vcpu current='2'>4</vcpu><iothreads>2</iothreads>"
                + "<sysinfo type='smbios'><bios><entry name='vendor'>Virtkit</entry></bios><system>"
                + "<entry name='manufacturer'>Virtkit</entry><entry name='product'>Guest</entry></system></sysinfo>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type><bootmenu enable='yes' timeout='500'/>"
                + "<smbios mode='sysinfo'/><bios rebootTimeout='0'/></os>"
                + "<features><acpi/><pmu state='off'/><vmport state='off'/><smm state='on'/>"
                + "<vmcoreinfo state='on'/></features>"
                + "<cpu mode='custom' match='exact'><model vendor_id='VirtkitVirtk'>qemu64</model>"
                + "<topology sockets='1' cores='2' threads='2'/><feature policy='disable' name='svm'/></cpu>"
                + "<clock offset='localtime'><timer name='rtc' tickpolicy='catchup' track='guest'/>"
                + "<timer name='hpet' present='no'/></clock>"
                + "<pm><suspend-to-mem enabled='no'/></pm>"
                + "<devices/>"
                + "<qemu:commandline><qemu:arg value='-object'/><qemu:arg value='iothread,id=fromxml'/>"
                + "</qemu:commandline></domain>";
        try (QemuCommandLineQemuTest.Qmp qmp = qemu.start(xml)) {
            JsonNode cpus = qmp.execute("query-cpus-fast");
            assertThat(cpus).hasSize(2);
            assertThat(qmp.execute("query-hotpluggable-cpus")).hasSize(4);
            List<Integer> threads = new ArrayList<>();
            for (JsonNode c : cpus) {
                threads.add(c.get("props").get("thread-id").asInt());
                assertThat(c.get("props").get("socket-id").asInt()).isZero();
            }
            assertThat(threads).containsExactly(0, 1);
            String cpu0 = cpus.get(0).get("qom-path").asText();
            assertThat(qom(qmp, cpu0, "vendor")).isEqualTo("VirtkitVirtk");
            assertThat(qom(qmp, cpu0, "pmu")).isEqualTo("false");
            assertThat(qom(qmp, cpu0, "svm")).isEqualTo("false");

            assertThat(qom(qmp, "/machine", "smm")).isEqualTo("on");
            assertThat(qom(qmp, "/machine", "vmport")).isEqualTo("off");
            assertThat(qom(qmp, "/machine", "hpet")).isEqualTo("false");
            assertThat(qom(qmp, "/machine", "mem-merge")).isEqualTo("false");
            assertThat(qom(qmp, "/machine", "dump-guest-core")).isEqualTo("true");

            JsonNode memdev = qmp.execute("query-memdev").get(0);
            assertThat(memdev.get("id").asText()).isEqualTo("pc.ram");
            assertThat(memdev.get("share").asBoolean()).isTrue();
            assertThat(memdev.get("size").asLong()).isEqualTo(64L << 20);

            List<String> iothreads = new ArrayList<>();
            qmp.execute("query-iothreads").forEach(t -> iothreads.add(t.get("id").asText()));
            assertThat(iothreads).containsExactlyInAnyOrder("iothread1", "iothread2", "fromxml");

            assertThat(qmp.execute("query-vm-generation-id").get("guid").asText())
                    .isEqualTo("43dc0cf8-809b-4adb-9bea-a9abb5f3d90d");
            qemu.quit(qmp);
        }
    }

    @Test
    void numaCellsAreTheGuestsNodes() throws Exception {
        String xml = "<domain type='qemu'><name>numa</name><memory unit='MiB'>64</memory><vcpu>2</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><features><acpi/></features>"
                + "<cpu><numa><cell id='0' cpus='0' memory='32' unit='MiB'><distances><sibling id='0' value='10'/>"
                + "<sibling id='1' value='20'/></distances></cell><cell id='1' cpus='1' memory='32' unit='MiB'>"
                + "<distances><sibling id='0' value='20'/><sibling id='1' value='10'/></distances></cell></numa></cpu>"
                + "<devices/></domain>";
        try (QemuCommandLineQemuTest.Qmp qmp = qemu.start(xml)) {
            List<String> nodes = new ArrayList<>();
            for (JsonNode c : qmp.execute("query-cpus-fast")) {
                nodes.add(c.get("props").get("node-id").asText());
            }
            assertThat(nodes).containsExactly("0", "1");
            List<Long> sizes = new ArrayList<>();
            qmp.execute("query-memdev").forEach(m -> sizes.add(m.get("size").asLong()));
            assertThat(sizes).containsExactly(32L << 20, 32L << 20);
            qemu.quit(qmp);
        }
    }

    @Test
    void tcgCacheDeprecationFwCfgAndPitRun() throws Exception {
        String xml = "<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>"
                + "<name>tcg</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<sysinfo type='fwcfg'><entry name='opt/org.virtkit/a'>value</entry></sysinfo>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type><bios useserial='yes'/></os>"
                + "<features><acpi/><tcg><tb-cache unit='MiB'>32</tb-cache></tcg></features>"
                + "<clock offset='variable' adjustment='3600' basis='localtime'><timer name='pit' present='no'/>"
                + "</clock><devices/><qemu:deprecation behavior='omit'/></domain>";
        try (QemuCommandLineQemuTest.Qmp qmp = qemu.start(xml)) {
            assertThat(qom(qmp, "/machine", "pit")).isEqualTo("off");
            qemu.quit(qmp);
        }
    }
}
