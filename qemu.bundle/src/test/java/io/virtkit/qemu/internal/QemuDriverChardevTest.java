package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.qemu.QemuDomain;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What virt-install writes by default, on real QEMU (TCG): the guest agent channel on its virtio-serial port
 * with its socket in the domain's channel directory (gone when the guest is), the virtio balloon, an RNG
 * reading {@code /dev/urandom}, a watchdog and the ISA panic notifier, each present in QEMU under its alias.
 */
class QemuDriverChardevTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final QemuDriverInstances instances = new QemuDriverInstances();
    private final QemuGuests guests = instances.guests;

    private static JsonNode qmp(Domain d, String command, String args) throws Exception {
        String json = "{\"execute\":\"" + command + "\"" + (args == null ? "" : ",\"arguments\":" + args) + "}";
        return JSON.readTree(((QemuDomain) d).monitorCommand(json)).path("return");
    }

    private static List<String> peripherals(Domain d) throws Exception {
        List<String> names = new ArrayList<>();
        qmp(d, "qom-list", "{\"path\":\"/machine/peripheral\"}").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    private static JsonNode property(Domain d, String id, String property) throws Exception {
        return qmp(d, "qom-get", "{\"path\":\"/machine/peripheral/" + id + "\",\"property\":\"" + property + "\"}");
    }

    @Test
    void virtInstallsDefaultDevicesRunAndTheAgentSocketGoesWithTheGuest() throws Exception {
        Connection conn = instances.open(null);
        Domain d = conn.defineDomain(guests.xml("agent", """
                <devices>
                  <serial type='pty'/><console type='pty'/>
                  <channel type='unix'><source mode='bind'/><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
                  <memballoon model='virtio'/>
                  <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
                  <watchdog model='i6300esb' action='reset'/>
                  <panic model='isa'/>
                </devices>"""));
        DomainDefinition defined = DomainXmlCodec.parse(d.xml(XmlFlag.INACTIVE));
        assertThat(defined.devices().auxiliary().channels().get(0).address())
                .isEqualTo(new DeviceAddress.VirtioSerial(0, 0, 1));
        assertThat(defined.devices().auxiliary().channels().get(0).sourcePath()).isNull();
        Path channelDir = instances.settings().session().runtime().resolve("channel").resolve("agent");
        d.start(StartFlag.PAUSED);
        try {
            DomainDefinition live = DomainXmlCodec.parseLive(d.xml());
            CharDevice agent = live.devices().auxiliary().channels().get(0);
            assertThat(agent.alias()).isEqualTo("channel0");
            assertThat(Path.of(agent.sourcePath())).isEqualTo(channelDir.resolve("org.qemu.guest_agent.0"));
            assertThat(Path.of(agent.sourcePath())).exists();
            assertThat(peripherals(d)).contains("channel0", "virtio-serial0", "balloon0", "rng0", "watchdog0");
            assertThat(property(d, "channel0", "name").asText()).isEqualTo("org.qemu.guest_agent.0");
            assertThat(property(d, "channel0", "nr").asInt()).isEqualTo(1);
            assertThat(qmp(d, "qom-list", "{\"path\":\"/machine/peripheral-anon\"}").findValues("type").stream()
                    .map(JsonNode::asText)).contains("child<pvpanic>");
            assertThat(qmp(d, "query-chardev", null).findValues("filename").stream().map(JsonNode::asText))
                    .anyMatch(f -> f.contains(agent.sourcePath()));
        } finally {
            d.destroy();
        }
        assertThat(channelDir).doesNotExist();
        assertThat(DomainXmlCodec.parse(d.xml(XmlFlag.INACTIVE)).devices().auxiliary().channels().get(0).sourcePath())
                .isNull();
    }

    @Test
    void aDeviceTheDriverCannotRunIsRefusedAtStartAndNothingIsLeft() throws Exception {
        Connection conn = instances.open(null);
        Domain d = conn.defineDomain(guests.xml("vsock", "<devices><vsock model='virtio'><cid auto='yes'/></vsock>"
                + "</devices>"));
        assertThatThrownBy(() -> d.start()).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
            assertThat(e.getMessage()).isEqualTo(
                    "unsupported configuration: vsock devices are not supported yet by the QEMU driver");
        });
        assertThat(d.isActive()).isFalse();
    }
}
