package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Source security labels, logs and target models of character devices, RNG backends and USB redirection. */
class CharDeviceExtrasTest {

    private static DomainDefinition sample(String name) throws Exception {
        return DomainXmlCodec.parse(DomainXmlCodecTest.resource(name));
    }

    @Test
    void sourceSeclabelsAreKeptInOrderWithTheirLabels() throws Exception {
        DomainDefinition def = sample("family-chardev-extras.xml");
        CharDevice file = def.devices().serials().get(0);
        assertThat(file.seclabels()).containsExactly(new SourceSeclabel("dac", false, null, null),
                new SourceSeclabel("selinux", true, null, "system_u:object_r:virt_log_t:s0"));
        assertThat(file.log()).isEqualTo(new CharDevice.Log("/var/log/vm/serial0.copy", "off"));
        assertThat(def.devices().serials().get(3).seclabels()).hasSize(1);
        assertThat(def.devices().consoles().get(0).seclabels()).hasSize(1);
        assertThat(def.devices().auxiliary().channels().get(0).seclabels()).hasSize(1);
    }

    @Test
    void consoleAndParallelKeepTheirTargetModel() throws Exception {
        DomainDefinition def = sample("family-chardev-extras.xml");
        assertThat(def.devices().consoles().get(0).targetModel()).isEqualTo("isa-serial");
        assertThat(def.devices().auxiliary().parallels().get(0).targetModel()).isEqualTo("isa-debugcon");
    }

    @Test
    void anEgdBackendKeepsItsLogAndSeclabel() throws Exception {
        CharDevice egd = sample("family-chardev-extras.xml").devices().auxiliary().rngs().get(0).egdSource();
        assertThat(egd.log()).isEqualTo(new CharDevice.Log("/var/log/vm/egd.log", "on"));
        assertThat(egd.seclabels()).containsExactly(new SourceSeclabel("dac", false, null, null));
    }

    @Test
    void aRedirdevHasTheWholeHostSideOfACharacterDevice() throws Exception {
        List<RedirDevice> redirs = sample("family-redirdev-extras.xml").devices().redirdevs();
        RedirDevice tcp = redirs.get(0);
        assertThat(tcp.host()).isEqualTo("192.0.2.9");
        assertThat(tcp.hostSide().tls()).isEqualTo("yes");
        assertThat(tcp.hostSide().reconnect()).isEqualTo(new CharDevice.Reconnect(true, 5));
        assertThat(tcp.hostSide().log()).isEqualTo(new CharDevice.Log("/var/log/vm/redir0.log", "on"));
        assertThat(tcp.hostSide().seclabels()).hasSize(1);
        assertThat(redirs.get(1).hostSide().append()).isEqualTo("off");
        assertThat(redirs.get(3).hostSide().channel()).isEqualTo("org.example.redir");
        assertThat(redirs.get(4).hostSide().slave()).isEqualTo("/dev/nmdm0B");
        assertThat(redirs.get(5).hostSide().mouseMode()).isEqualTo("client");
    }

    @Test
    void aLabelWithRelabellingOffIsRefusedWithLibvirtsWording() {
        assertThatThrownBy(() -> DomainXmlCodec.parse("<domain type='kvm'><name>x</name><memory>1024</memory>"
                + "<os><type>hvm</type></os><devices><serial type='file'><source path='/tmp/s'>"
                + "<seclabel model='dac' relabel='no'><label>+0:+0</label></seclabel></source></serial>"
                + "</devices></domain>"))
                .hasMessageContaining("Cannot specify a label if relabelling is turned off. model=dac");
    }
}
