package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.qemu.QemuDomain;

/**
 * What Debian's virt-install writes by default for a desktop guest (SPICE with autoport, a qxl adapter, HDA
 * sound playing to SPICE audio, PS/2 mouse and keyboard), run on real QEMU under TCG and checked over QMP;
 * and what the driver cannot run refused at start, leaving nothing behind.
 */
class QemuDriverDisplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private QemuDriver driver;
    private Connection conn;

    @BeforeEach
    void setUp() {
        driver = new QemuDriver(QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp));
        conn = QemuGuests.open(driver, "qemu:///session");
    }

    @AfterEach
    void tearDown() {
        QemuGuests.stop(driver);
        guests.killAll();
    }

    private static JsonNode qmp(Domain d, String command) throws Exception {
        JsonNode reply = JSON.readTree(((QemuDomain) d).monitorCommand("{\"execute\":\"" + command + "\"}"));
        assertThat(reply.has("return")).as("%s: %s", command, reply).isTrue();
        return reply.get("return");
    }

    /** The qdev id and type of every device QEMU created from {@code -device}. */
    private static Map<String, String> peripherals(Domain d) throws Exception {
        JsonNode reply = JSON.readTree(((QemuDomain) d).monitorCommand(
                "{\"execute\":\"qom-list\",\"arguments\":{\"path\":\"/machine/peripheral\"}}"));
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode p : reply.path("return")) {
            String type = p.path("type").asText();
            if (type.startsWith("child<")) {
                out.put(p.path("name").asText(), type.substring(6, type.length() - 1));
            }
        }
        return out;
    }

    @Test
    void virtInstallsDesktopDefaultsRun() throws Exception {
        Domain d = conn.createDomain(guests.xml("desktop", """
                <devices>
                  <input type='mouse' bus='ps2'/><input type='keyboard' bus='ps2'/>
                  <graphics type='spice' autoport='yes'><listen type='address'/><image compression='off'/></graphics>
                  <sound model='ich9'/>
                  <audio id='1' type='spice'/>
                  <video><model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/></video>
                </devices>"""), StartFlag.PAUSED);
        String live = d.xml();
        Matcher port = Pattern.compile("<graphics type='spice' port='(\\d+)' autoport='yes'>").matcher(live);
        assertThat(port.find()).as(live).isTrue();
        JsonNode spice = qmp(d, "query-spice");
        assertThat(spice.path("enabled").asBoolean()).isTrue();
        assertThat(spice.path("port").asInt()).isEqualTo(Integer.parseInt(port.group(1)));
        assertThat(spice.path("host").asText()).isEqualTo("127.0.0.1");
        assertThat(spice.path("auth").asText()).isEqualTo("none");
        assertThat(peripherals(d)).containsEntry("video0", "qxl-vga").containsEntry("sound0", "ich9-intel-hda")
                .containsEntry("sound0-codec0", "hda-duplex");
        assertThat(live).contains("<sound model='ich9'/>", "<audio id='1' type='spice'/>",
                "<model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>");
        d.destroy();
    }

    /**
     * virt-install's two USB redirections over SPICE (on the ICH9 EHCI and its UHCI companions it writes): each
     * a {@code spicevmc} chardev named usbredir feeding a {@code usb-redir} device, present in QEMU under its alias.
     */
    @Test
    void usbRedirectionOverSpicevmcRuns() throws Exception {
        Domain d = conn.createDomain(guests.xml("usbredir", """
                <devices>
                  <controller type='usb' index='0' model='ich9-ehci1'/>
                  <controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/></controller>
                  <controller type='usb' index='0' model='ich9-uhci2'><master startport='2'/></controller>
                  <controller type='usb' index='0' model='ich9-uhci3'><master startport='4'/></controller>
                  <graphics type='spice' autoport='yes'/>
                  <redirdev bus='usb' type='spicevmc'/>
                  <redirdev bus='usb' type='spicevmc'/>
                </devices>"""), StartFlag.PAUSED);
        Map<String, String> chardevs = new LinkedHashMap<>();
        for (JsonNode c : qmp(d, "query-chardev")) {
            chardevs.put(c.path("label").asText(), c.path("filename").asText());
        }
        assertThat(chardevs).containsKeys("charredir0", "charredir1");
        assertThat(peripherals(d)).containsEntry("redir0", "usb-redir").containsEntry("redir1", "usb-redir");
        for (String id : List.of("redir0", "redir1")) {
            JsonNode chardev = JSON.readTree(((QemuDomain) d).monitorCommand("{\"execute\":\"qom-get\","
                    + "\"arguments\":{\"path\":\"/machine/peripheral/" + id + "\",\"property\":\"chardev\"}}"));
            assertThat(chardev.path("return").asText()).isEqualTo("char" + id);
        }
        assertThat(d.xml()).contains("<redirdev bus='usb' type='spicevmc'>\n      <alias name='redir0'/>");
        d.destroy();
    }

    @Test
    void twoSpiceGuestsGetTwoPortsAndAPasswordIsSetOverQmp() throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (String name : new String[] {"spice1", "spice2"}) {
            Domain d = conn.createDomain(guests.xml(name, "<devices><graphics type='spice' autoport='yes' "
                    + "passwd='s3cret'/><video><model type='virtio' heads='2'/></video>"
                    + "<input type='tablet' bus='virtio'/><sound model='ac97'/></devices>"), StartFlag.PAUSED);
            JsonNode spice = qmp(d, "query-spice");
            assertThat(spice.path("auth").asText()).as("tickets, with the password set over QMP").isEqualTo("spice");
            ports.add(spice.path("port").asInt());
            assertThat(peripherals(d)).containsEntry("video0", "virtio-vga").containsEntry("input0",
                    "virtio-tablet-pci").containsEntry("sound0", "AC97");
        }
        assertThat(ports).doesNotHaveDuplicates();
    }

    @Test
    void vncBesideSpiceAndVideoNone() throws Exception {
        Domain d = conn.createDomain(guests.xml("both", "<devices><graphics type='vnc' autoport='yes'/>"
                + "<graphics type='spice'><listen type='none'/></graphics>"
                + "<video><model type='none'/></video></devices>"), StartFlag.PAUSED);
        assertThat(qmp(d, "query-vnc").path("enabled").asBoolean()).isTrue();
        assertThat(qmp(d, "query-spice").path("enabled").asBoolean()).isTrue();
        assertThat(peripherals(d)).doesNotContainKey("video0");
        d.destroy();
    }

    @Test
    void whatCannotRunIsRefusedAtStartAndLeavesNothingBehind() {
        Domain d = conn.defineDomain(guests.xml("sb16", "<devices><sound model='sb16'/></devices>"));
        assertThatThrownBy(() -> d.start()).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
            assertThat(e.getMessage()).isEqualTo(
                    "unsupported configuration: sound card model 'sb16' is not supported by the QEMU driver");
        });
        assertThat(d.isActive()).isFalse();
        assertThat(d.xml()).contains("<sound model='sb16'/>");
    }
}
