package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The net-* verbs and domiflist on test:///default, laid out as virsh -c test:///default prints them. */
class NetworkCommandsTest {

    static final String N1_XML = """
            <network>
              <name>n1</name>
              <uuid>11111111-2222-3333-4444-555555555555</uuid>
              <bridge name='virbr5'/>
              <ip address='10.0.0.1' prefix='24'>
                <dhcp><range start='10.0.0.2' end='10.0.0.9'/></dhcp>
              </ip>
            </network>
            """;

    @TempDir
    Path dir;

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();
    private Path n1Xml;

    @BeforeEach
    void setUp() throws Exception {
        n1Xml = Files.writeString(dir.resolve("n1.xml"), N1_XML);
    }

    private <T extends NetworkCommand> T on(T command, String network) {
        command.network = network;
        return shell.wire(command);
    }

    private NetListCommand list(boolean all, boolean inactive) {
        NetListCommand list = shell.wire(new NetListCommand());
        list.all = all;
        list.inactive = inactive;
        return list;
    }

    @Test
    void defaultNetworkAsVirshShowsIt() throws Exception {
        assertThat(shell.run(list(true, false))).isEqualTo("""
                 Name      State    Autostart   Persistent
                --------------------------------------------
                 default   active   no          yes
                """);
        assertThat(shell.run(on(new NetInfoCommand(), "default"))).isEqualTo("""
                Name:           default
                UUID:           dd8fe884-6c02-601e-7551-cca97df1c5df
                Active:         yes
                Persistent:     yes
                Autostart:      no
                Bridge:         virbr0
                """);
        assertThat(shell.run(on(new NetInfoCommand(), "dd8fe884-6c02-601e-7551-cca97df1c5df")))
                .startsWith("Name:           default\n");
        assertThat(shell.run(on(new NetDumpXmlCommand(), "default"))).isEqualTo("""
                <network>
                  <name>default</name>
                  <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>
                  <forward mode='nat'/>
                  <bridge name='virbr0' stp='on' delay='0'/>
                  <ip address='192.168.122.1' netmask='255.255.255.0'>
                    <dhcp>
                      <range start='192.168.122.2' end='192.168.122.254'/>
                    </dhcp>
                  </ip>
                </network>
                """);
        assertThat(shell.run(on(new NetDhcpLeasesCommand(), "default"))).isEqualTo("""
                 Expiry Time   MAC address   Protocol   IP address   Hostname   Client ID or DUID
                -----------------------------------------------------------------------------------
                """);
        assertThat(shell.run(list(false, true))).isEqualTo("""
                 Name   State   Autostart   Persistent
                ----------------------------------------
                """);
    }

    @Test
    void lifecycleOutputsAndEffects() throws Exception {
        NetDefineCommand define = shell.wire(new NetDefineCommand());
        define.file = n1Xml.toString();
        assertThat(shell.run(define)).isEqualTo("Network n1 defined from " + n1Xml + "\n");
        assertThat(shell.run(list(true, false))).isEqualTo("""
                 Name      State      Autostart   Persistent
                ----------------------------------------------
                 default   active     no          yes
                 n1        inactive   no          yes
                """);
        assertThat(shell.run(on(new NetStartCommand(), "n1"))).isEqualTo("Network n1 started\n");
        assertThat(shell.api().lookupNetworkByName("n1").isActive()).isTrue();
        assertThat(shell.fail(on(new NetStartCommand(), "n1")))
                .isEqualTo("error: Failed to start network n1\n"
                        + "error: Requested operation is not valid: Network 'n1' is already running");
        assertThat(shell.fail(on(new NetUndefineCommand(), "n1")))
                .isEqualTo("error: Failed to undefine network n1\n"
                        + "error: Requested operation is not valid: Network 'n1' is still running");
        assertThat(shell.run(on(new NetAutostartCommand(), "n1"))).isEqualTo("Network n1 marked as autostarted\n");
        assertThat(shell.run(list(false, false))).contains(" n1        active   yes         yes\n");
        NetAutostartCommand disable = on(new NetAutostartCommand(), "n1");
        disable.disable = true;
        assertThat(shell.run(disable)).isEqualTo("Network n1 unmarked as autostarted\n");
        assertThat(shell.api().lookupNetworkByName("n1").autostart()).isFalse();
        assertThat(shell.run(on(new NetDestroyCommand(), "n1"))).isEqualTo("Network n1 destroyed\n");
        assertThat(shell.fail(on(new NetDestroyCommand(), "n1")))
                .isEqualTo("error: Failed to destroy network n1\n"
                        + "error: Requested operation is not valid: network 'n1' is not active");
        NetDumpXmlCommand inactive = on(new NetDumpXmlCommand(), "n1");
        inactive.inactive = true;
        assertThat(shell.run(inactive)).contains("<name>n1</name>", "virbr5");
        assertThat(shell.run(on(new NetUndefineCommand(), "n1"))).isEqualTo("Network n1 has been undefined\n");
        assertThat(shell.api().listAllNetworks()).hasSize(1);
    }

    @Test
    void createdNetworkIsTransientAndHasNoBridgeLineWithoutABridge() throws Exception {
        Path t = Files.writeString(dir.resolve("t.xml"), "<network><name>t1</name></network>");
        NetCreateCommand create = shell.wire(new NetCreateCommand());
        create.file = t.toString();
        assertThat(shell.run(create)).isEqualTo("Network t1 created from " + t + "\n");
        assertThat(shell.run(on(new NetInfoCommand(), "t1")))
                .contains("Active:         yes\nPersistent:     no\nAutostart:      no\n").doesNotContain("Bridge:");
        assertThat(shell.run(on(new NetDestroyCommand(), "t1"))).isEqualTo("Network t1 destroyed\n");
        assertThat(shell.fail(on(new NetInfoCommand(), "t1")))
                .isEqualTo("error: failed to get network 't1'\nerror: Network not found: no network with matching name 't1'");
    }

    @Test
    void badInputGivesVirshsLinesAndLeavesNothing() throws Exception {
        assertThat(shell.fail(on(new NetInfoCommand(), "nope")))
                .isEqualTo("error: failed to get network 'nope'\n"
                        + "error: Network not found: no network with matching name 'nope'");
        NetDefineCommand missing = shell.wire(new NetDefineCommand());
        missing.file = dir.resolve("missing.xml").toString();
        assertThat(shell.fail(missing)).isEqualTo("error: Failed to open file '" + missing.file
                + "': No such file or directory");
        Path domain = Files.writeString(dir.resolve("d.xml"), "<domain/>");
        NetDefineCommand wrong = shell.wire(new NetDefineCommand());
        wrong.file = domain.toString();
        assertThat(shell.fail(wrong)).isEqualTo("error: Failed to define network from " + domain + "\n"
                + "error: XML error: expecting root element of 'network', not 'domain'");
        Path clash = Files.writeString(dir.resolve("c.xml"),
                "<network><name>default</name><uuid>11111111-2222-3333-4444-555555555555</uuid></network>");
        NetCreateCommand create = shell.wire(new NetCreateCommand());
        create.file = clash.toString();
        assertThat(shell.fail(create)).isEqualTo("error: Failed to create network from " + clash + "\n"
                + "error: operation failed: network 'default' already exists with "
                + "uuid dd8fe884-6c02-601e-7551-cca97df1c5df");
        assertThat(shell.api().listAllNetworks()).hasSize(1);
    }

    @Test
    void domiflistShowsTheDomainsInterfaces() throws Exception {
        DomIfListCommand iflist = shell.on(new DomIfListCommand(), "test");
        assertThat(shell.run(iflist)).isEqualTo("""
                 Interface   Type      Source    Model   MAC
                ------------------------------------------------------------
                 testnet0    network   default   -       aa:bb:cc:dd:ee:ff
                """);
        DomIfListCommand missing = shell.on(new DomIfListCommand(), "nope");
        assertThat(shell.fail(missing)).isEqualTo("error: failed to get domain 'nope'");
    }

    @Test
    void networkCompleterOffersNetworkNames() {
        shell.api().defineNetwork(N1_XML);
        NetworkCompleter completer = shell.wire(new NetworkCompleter());
        List<String> candidates = new ArrayList<>();
        assertThat(completer.complete(null, line("virt:net-start", "n"), candidates)).isGreaterThanOrEqualTo(0);
        assertThat(candidates).extracting(String::trim).containsExactly("n1");
        assertThat(completer.networkNames(line("virt:net-start", "-c", "bogus:///x", ""))).isEmpty();
        assertThat(completer.networkNames(line("virt:net-start", ""))).containsExactly("default", "n1");
    }

    private static CommandLine line(String... words) {
        return CompletersTest.line(words);
    }
}
