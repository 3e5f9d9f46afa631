package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Graphics of every type, video, sound, audio and input: read into typed values, written back as libvirt. */
class DisplayDevicesXmlTest {

    private static String vm(String devices) {
        return "<domain type='kvm'><name>x</name><memory>1024</memory><os><type>hvm</type></os><devices>" + devices
                + "</devices></domain>";
    }

    private static String devicesOf(String xml) {
        return xml.substring(xml.indexOf("  <devices>\n"), xml.indexOf("  </devices>\n"));
    }

    @Test
    void theSampleIsWrittenBackAsItWasWritten() {
        String sample = DomainXmlCodecTest.resource("family-display.xml");
        String written = DomainXmlCodec.format(DomainXmlCodec.parse(sample), XmlFlag.SECURE);
        assertThat(devicesOf(written)).isEqualTo(devicesOf(sample));
    }

    @Test
    void interfaceSettingsAreWrittenBackAsTheyWereWritten() {
        String sample = DomainXmlCodecTest.resource("family-interface-settings.xml");
        DomainDefinition def = DomainXmlCodec.parse(sample);
        assertThat(devicesOf(DomainXmlCodec.format(def))).isEqualTo(devicesOf(sample));
        InterfaceSettings s = def.devices().interfaces().get(0).settings();
        assertThat(s.vlan().tags()).hasSize(2);
        assertThat(s.sndbuf()).isEqualTo(1600);
        assertThat(s.linkState()).isEqualTo("down");
        assertThat(s.filterRef().parameters()).extracting(InterfaceSettings.Parameter::value)
                .containsExactly("192.0.2.10", "192.0.2.11");
        assertThat(def.devices().interfaces().get(1).settings().teaming())
                .isEqualTo(new InterfaceSettings.Teaming("transient", "ua-net0"));
    }

    @Test
    void spiceIsReadIntoTypedSettings() {
        GraphicsDevice g = DomainXmlCodec.parse(vm("""
                <graphics type='spice' autoport='yes' listen='127.0.0.1'>
                  <channel name='main' mode='secure'/><image compression='quic'/><mouse mode='server'/>
                  <playback compression='off'/><gl enable='yes'/>
                </graphics>""")).devices().graphics().get(0);
        assertThat(g.type()).isEqualTo(GraphicsDevice.Type.SPICE);
        assertThat(g.autoport()).isTrue();
        assertThat(g.port()).isEqualTo(-1);
        assertThat(g.listens()).containsExactly(GraphicsListen.ofAddress("127.0.0.1"));
        assertThat(g.spice().channels()).containsExactly(new SpiceChannel("main", "secure"));
        assertThat(g.spice().imageCompression()).isEqualTo("quic");
        assertThat(g.spice().mouseMode()).isEqualTo("server");
        assertThat(g.spice().playbackCompression()).isFalse();
        assertThat(g.gl()).isEqualTo(new GraphicsGl(true, null));
        assertThat(DomainXmlCodec.format(DomainXmlCodec.parse(vm("<graphics type='spice' autoport='yes'>"
                + "<listen type='address' address='127.0.0.1'/></graphics>"))))
                .contains("<graphics type='spice' autoport='yes' listen='127.0.0.1'>");
    }

    @Test
    void aSpicePortChosenAtStartIsWrittenOnlyLive() {
        DomainDefinition def = DomainXmlCodec.parseLive(vm("<graphics type='spice' port='5901' tlsPort='5902' "
                + "autoport='yes'/>"));
        assertThat(DomainXmlCodec.formatLive(def, 1)).contains(
                "<graphics type='spice' port='5901' tlsPort='5902' autoport='yes'/>");
        assertThat(DomainXmlCodec.format(def)).contains("<graphics type='spice' autoport='yes'/>");
    }

    @Test
    void videoSoundAudioAndInputAreTyped() {
        DomainDevices d = DomainXmlCodec.parse(vm("""
                <input type='tablet' bus='usb'/><input type='keyboard' bus='ps2'/>
                <sound model='ich6'><audio id='1'/></sound>
                <audio id='1' type='spice'/>
                <video><model type='qxl' ram='65536' vram='32768' vgamem='16384' heads='1' primary='yes'/></video>
                """)).devices();
        assertThat(d.inputs()).containsExactly(InputDevice.of("tablet", "usb"), InputDevice.of("keyboard", "ps2"));
        assertThat(d.sounds()).containsExactly(new SoundDevice("ich6", List.of(), 1, null));
        assertThat(d.audios()).containsExactly(AudioBackend.of(1, "spice"));
        VideoDevice v = d.videos().get(0);
        assertThat(v.model()).isEqualTo("qxl");
        assertThat(List.of(v.ram(), v.vram(), v.vgamem(), v.heads())).containsExactly(65536, 32768, 16384, 1);
        assertThat(v.primary()).isTrue();
        assertThat(v.vram64()).isNull();
    }

    @Test
    void aListenAttributeMustBeTheFirstListensAddress() {
        assertThatThrownBy(() -> DomainXmlCodec.parse(vm("<graphics type='vnc' autoport='yes' listen='1.2.3.4'>"
                + "<listen type='address' address='5.6.7.8'/></graphics>")))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR);
                    assertThat(e.getMessage()).contains("must match 'address' attribute of first listen element");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"<video><model type='matrox'/></video>", "<video><model type='qxl' ram='x'/></video>",
        "<sound model='gus'/>", "<input type='joystick' bus='usb'/>", "<input type='mouse' bus='serial'/>",
        "<audio id='0' type='none'/>", "<audio id='1' type='nas'/>",
        "<graphics type='spice'><image compression='zip'/></graphics>",
        "<graphics type='spice'><channel name='main' mode='maybe'/></graphics>",
        "<graphics type='vnc' autoport='yes'><listen type='carrier'/></graphics>",
        "<input type='passthrough' bus='virtio'/>"})
    void badValuesAreXmlErrors(String device) {
        assertThatThrownBy(() -> DomainXmlCodec.parse(vm(device)))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR));
    }

    @Test
    void userAliasesOfDisplayDevicesAreUnique() {
        assertThatThrownBy(() -> DomainXmlCodec.parse(vm("<input type='tablet' bus='usb'><alias name='ua-x'/></input>"
                + "<video><model type='vga'/><alias name='ua-x'/></video>")))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED));
    }
}
