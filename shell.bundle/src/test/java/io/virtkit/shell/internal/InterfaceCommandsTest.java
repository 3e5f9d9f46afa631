package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** attach-interface and detach-interface against the test driver. */
class InterfaceCommandsTest {

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();

    private AttachInterfaceCommand attach(String type, String source) {
        AttachInterfaceCommand c = shell.on(new AttachInterfaceCommand(), "test");
        c.type = type;
        c.source = source;
        return c;
    }

    private DetachInterfaceCommand detach(String type) {
        DetachInterfaceCommand c = shell.on(new DetachInterfaceCommand(), "test");
        c.type = type;
        return c;
    }

    @Test
    void attachesLiveByDefaultWithMacModelAndTarget() throws Exception {
        AttachInterfaceCommand c = attach("network", "default");
        c.mac = "52:54:00:AB:CD:EF";
        c.model = "virtio";
        c.target = "vnet7";
        assertThat(shell.run(c)).isEqualTo("Interface attached successfully\n");
        assertThat(shell.liveXml()).contains("<mac address='52:54:00:ab:cd:ef'/>").contains("<source network='default'/>")
                .contains("<model type='virtio'/>").contains("vnet7");
        assertThat(shell.configXml()).doesNotContain("52:54:00:ab:cd:ef");
    }

    @Test
    void configOnlyAttachAndDetach() throws Exception {
        AttachInterfaceCommand c = attach("bridge", "br0");
        c.mac = "52:54:00:00:00:42";
        c.config = true;
        shell.run(c);
        assertThat(shell.configXml()).contains("<source bridge='br0'/>");
        assertThat(shell.liveXml()).doesNotContain("br0");
        DetachInterfaceCommand d = detach("bridge");
        d.config = true;
        assertThat(shell.run(d)).isEqualTo("Interface detached successfully\n");
        assertThat(shell.configXml()).doesNotContain("br0");
    }

    @Test
    void detachNeedsMacWhenSeveralInterfacesHaveTheType() throws Exception {
        AttachInterfaceCommand a = attach("user", "ignored");
        a.mac = "52:54:00:00:00:01";
        shell.run(a);
        a = attach("user", "ignored");
        a.mac = "52:54:00:00:00:02";
        shell.run(a);
        assertThat(shell.fail(detach("user")))
                .isEqualTo("error: Domain has 2 interfaces. Please specify which one to detach using --mac\n"
                        + "error: Failed to detach interface");
        DetachInterfaceCommand d = detach("user");
        d.mac = "52:54:00:00:00:03";
        assertThat(shell.fail(d)).isEqualTo("error: No interface with MAC address 52:54:00:00:00:03 was found\n"
                + "error: Failed to detach interface");
        d.mac = "52:54:00:00:00:02";
        shell.run(d);
        assertThat(shell.liveXml()).contains("52:54:00:00:00:01").doesNotContain("52:54:00:00:00:02");
        shell.run(detach("user"));
        assertThat(shell.liveXml()).doesNotContain("type='user'");
    }

    @Test
    void errorsAreOneLine() throws Exception {
        assertThat(shell.fail(detach("bridge")))
                .isEqualTo("error: No interface found whose type is bridge\nerror: Failed to detach interface");
        assertThat(shell.fail(attach("foo", "x"))).isEqualTo("error: No support for foo in command 'attach-interface'");
        AttachInterfaceCommand both = attach("network", "default");
        both.current = true;
        both.live = true;
        assertThat(shell.fail(both)).isEqualTo("error: Options --current and --live are mutually exclusive");
        AttachInterfaceCommand badMac = attach("network", "default");
        badMac.mac = "zz";
        assertThat(shell.fail(badMac))
                .isEqualTo("error: Failed to attach interface\nerror: XML error: unable to parse mac address 'zz'");
        shell.api().lookupDomainByName("test").destroy();
        AttachInterfaceCommand live = attach("network", "default");
        live.live = true;
        assertThat(shell.fail(live))
                .isEqualTo("error: Failed to attach interface\nerror: Requested operation is not valid: domain is not running");
        assertThat(shell.configXml()).doesNotContain("<source network='default'/>\n    <mac");
    }

    @Test
    void sourceCompletionOffersNetworksOnlyForTypeNetwork() {
        InterfaceSourceCompleter completer = shell.wire(new InterfaceSourceCompleter());
        List<String> candidates = new ArrayList<>();
        assertThat(completer.complete(null, CompletersTest.line("virt:attach-interface", "test", "network", ""),
                candidates)).isGreaterThanOrEqualTo(0);
        assertThat(candidates).extracting(String::trim).containsExactly("default");
        candidates.clear();
        assertThat(completer.complete(null, CompletersTest.line("virt:attach-interface", "test", "bridge", ""),
                candidates)).isEqualTo(-1);
        assertThat(candidates).isEmpty();
    }
}
