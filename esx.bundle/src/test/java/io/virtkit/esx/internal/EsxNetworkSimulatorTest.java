package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.NetworkConnection;
import io.virtkit.api.driver.NetworkRef;

/**
 * Simulator test of the ESX driver's networks against the reference: libvirt 9.0's virsh on the same simulator
 * shows the same switches, UUIDs, info and XML as Virtkit, whoever changed them. Tests that define or undefine
 * use a simulator of their own.
 */
class EsxNetworkSimulatorTest {

    @TempDir
    Path home;

    private static final String TWO_GROUPS = """
            <network>
              <name>vsA</name>
              <forward mode='bridge'>
                <interface dev='vmnic0'/>
              </forward>
              <bandwidth>
                <inbound average='1000' peak='2000' burst='1024'/>
                <outbound average='1000' peak='2000' burst='1024'/>
              </bandwidth>
              <portgroup name='pgA1'/>
              <portgroup name='pgA2'>
                <bandwidth>
                  <inbound average='500'/>
                  <outbound average='500'/>
                </bandwidth>
              </portgroup>
            </network>
            """;

    private static NetworkConnection networks(HypervisorConnection conn) {
        return conn.networks().orElseThrow();
    }

    private String virsh(VcsimFixture fixture, String... args) throws Exception {
        return new LibvirtEsxVirsh(home).virsh(fixture, args);
    }

    /** virsh's failure: its last "error: " line without the prefix (the driver's error). */
    private String virshError(VcsimFixture fixture, String... args) throws Exception {
        LibvirtEsxVirsh.Result result = new LibvirtEsxVirsh(home).run(fixture, fixture.options().password(), args);
        assertThat(result.exit()).as("virsh %s should fail: %s", List.of(args), result.out()).isNotZero();
        String last = null;
        for (String line : result.err().split("\n")) {
            if (line.startsWith("error: ")) {
                last = line.substring("error: ".length());
            }
        }
        return last;
    }

    /** Empty elements written either way compare equal (for XML a test writes itself). */
    static String normalized(String xml) {
        return xml.replaceAll("<([\\w:]+)([^<>]*)>\\s*</\\1>", "<$1$2/>").strip();
    }

    /** net-list --all's rows, as Virtkit's answers would fill them, in virsh's order (names, ignoring case). */
    private static List<String> rows(NetworkConnection networks, long flags) {
        List<String> rows = new ArrayList<>();
        for (NetworkRef n : networks.listAllNetworks(flags)) {
            rows.add(n.name() + " " + (networks.networkIsActive(n) ? "active" : "inactive") + " "
                    + (networks.networkAutostart(n) ? "yes" : "no") + " " + (networks.networkIsPersistent(n) ? "yes" : "no"));
        }
        rows.sort(String.CASE_INSENSITIVE_ORDER);
        return rows;
    }

    /** net-info as virsh prints it from Virtkit's answers (no Bridge line: ESX has no bridge names). */
    private static String info(NetworkConnection networks, NetworkRef n) {
        return String.format("%-15s %s%n%-15s %s%n%-15s %s%n%-15s %s%n%-15s %s%n", "Name:", n.name(), "UUID:", n.uuid(),
                "Active:", networks.networkIsActive(n) ? "yes" : "no", "Persistent:",
                networks.networkIsPersistent(n) ? "yes" : "no", "Autostart:", networks.networkAutostart(n) ? "yes" : "no");
    }

    private static List<String> virshRows(String table) {
        return table.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.replaceAll("\\s+", " ")).toList();
    }

    @Test
    void showsTheHostsSwitchesAsLibvirt() throws Exception {
        VcsimFixture esx = VcsimFixture.esx();
        try (HypervisorConnection conn = EsxDrivers.open(esx)) {
            NetworkConnection networks = networks(conn);
            assertThat(rows(networks, 0)).isEqualTo(virshRows(virsh(esx, "net-list", "--all")))
                    .containsExactly("vSwitch0 active yes yes");
            NetworkRef vswitch0 = networks.lookupNetworkByName("vSwitch0");
            assertThat(vswitch0.uuid().toString()).isEqualTo(virsh(esx, "net-uuid", "vSwitch0").strip())
                    .isEqualTo("2f467347-8b4e-8655-e7d6-c4c3fb968009"); // MD5 of key-vim.host.VirtualSwitch-vSwitch0
            assertThat(networks.lookupNetworkByUuid(vswitch0.uuid())).isEqualTo(vswitch0);
            assertThat(virsh(esx, "net-info", "vSwitch0").strip()).isEqualTo(info(networks, vswitch0).strip());
            String xml = networks.networkXml(vswitch0, 0);
            assertThat(xml.strip()).isEqualTo(virsh(esx, "net-dumpxml", "vSwitch0").strip());
            assertThat(xml).contains("<forward dev='vmnic0' mode='bridge'>", "<interface dev='vmnic0'/>",
                    "<portgroup name='VM Network'>").doesNotContain("Management Network", "<bridge");
            for (String[] filter : new String[][] {{"--inactive"}, {"--transient"}, {"--no-autostart"},
                    {"--persistent"}, {"--autostart"}, {"--persistent", "--autostart"}, {"--inactive", "--persistent"}}) {
                long flags = 0;
                for (String f : filter) {
                    flags |= NetworkListFlag.valueOf(f.substring(2).toUpperCase().replace('-', '_')).bit();
                }
                String[] args = new String[filter.length + 1];
                args[0] = "net-list";
                System.arraycopy(filter, 0, args, 1, filter.length);
                assertThat(rows(networks, flags)).as("net-list %s", List.of(filter)).isEqualTo(virshRows(virsh(esx, args)));
            }
        }
    }

    @Test
    void showsAHostsSwitchesThroughVcenterAsLibvirt() throws Exception {
        VcsimFixture vcenter = VcsimFixture.vcenter();
        try (HypervisorConnection conn = EsxDrivers.open(vcenter)) {
            NetworkConnection networks = networks(conn);
            assertThat(rows(networks, 0)).isEqualTo(virshRows(virsh(vcenter, "net-list", "--all"))).isNotEmpty();
            for (NetworkRef n : networks.listAllNetworks(0)) {
                assertThat(n.uuid().toString()).isEqualTo(virsh(vcenter, "net-uuid", n.name()).strip());
                assertThat(normalized(networks.networkXml(n, 0)))
                        .isEqualTo(normalized(virsh(vcenter, "net-dumpxml", n.name())));
            }
        }
    }

    @Test
    void failsAsLibvirtWithItsCodesAndWording() throws Exception {
        VcsimFixture esx = VcsimFixture.esx();
        try (HypervisorConnection conn = EsxDrivers.open(esx)) {
            NetworkConnection networks = networks(conn);
            assertThatThrownBy(() -> networks.lookupNetworkByName("nosuch"))
                    .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_NETWORK))
                    .hasMessage(virshError(esx, "net-dumpxml", "nosuch"));
            UUID unknown = UUID.fromString("00000000-0000-0000-0000-000000000001");
            assertThatThrownBy(() -> networks.lookupNetworkByUuid(unknown))
                    .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_NETWORK))
                    .hasMessage("Network not found: Could not find HostVirtualSwitch with UUID '" + unknown + "'");
            NetworkRef vswitch0 = networks.lookupNetworkByName("vSwitch0");
            assertThatThrownBy(() -> networks.startNetwork(vswitch0, 0)).hasMessage(virshError(esx, "net-start", "vSwitch0"));
            assertThatThrownBy(() -> networks.destroyNetwork(vswitch0))
                    .hasMessage(virshError(esx, "net-destroy", "vSwitch0"));
            assertThatThrownBy(() -> networks.networkDhcpLeases(vswitch0, null, 0))
                    .hasMessage(virshError(esx, "net-dhcp-leases", "vSwitch0"));
            assertThatThrownBy(() -> networks.setNetworkAutostart(vswitch0, false))
                    .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR))
                    .hasMessage(virshError(esx, "net-autostart", "--disable", "vSwitch0"));
            networks.setNetworkAutostart(vswitch0, true);
            virsh(esx, "net-autostart", "vSwitch0");
            // bad XML fails in the parser, before libvirt's driver asks the host anything
            // (the wording of XML that is not well-formed is the parser's: libxml2's there, the JDK's here)
            assertThatThrownBy(() -> networks.defineNetwork("<network><name>x</name>", 0))
                    .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_DETAIL))
                    .hasMessageStartingWith("(network_definition):1: ");
            for (String bad : List.of("<network><name>a/b</name></network>",
                    "<network><name>x</name><forward mode='warp'/></network>", "<network/>")) {
                Path file = Files.writeString(home.resolve("bad.xml"), bad);
                String expected = virshError(esx, "net-define", file.toString());
                assertThatThrownBy(() -> networks.defineNetwork(bad, 0)).as(bad).isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.getMessage()).isEqualTo(expected));
            }
        }
    }

    @Test
    void aSwitchDefinedByVirtkitShowsInLibvirtAndUndefinesThere() throws Exception {
        try (VcsimFixture own = VcsimFixture.start(VcsimFixture.Options.esx(0));
                HypervisorConnection conn = EsxDrivers.open(own)) {
            NetworkConnection networks = networks(conn);
            NetworkRef a = networks.defineNetwork(TWO_GROUPS, 0);
            assertThat(a.name()).isEqualTo("vsA");
            assertThat(a.uuid()).isEqualTo(EsxHostNetwork.uuidOfKey("key-vim.host.VirtualSwitch-vsA"));
            assertThat(rows(networks, 0)).isEqualTo(virshRows(virsh(own, "net-list", "--all")))
                    .containsExactly("vsA active yes yes", "vSwitch0 active yes yes");
            assertThat(virsh(own, "net-uuid", "vsA").strip()).isEqualTo(a.uuid().toString());
            assertThat(virsh(own, "net-info", "vsA").strip()).isEqualTo(info(networks, a).strip());
            String xml = networks.networkXml(a, 0);
            assertThat(xml.strip()).isEqualTo(virsh(own, "net-dumpxml", "vsA").strip());
            assertThat(xml).contains("<forward dev='vmnic0' mode='bridge'>",
                    "<inbound average='1000' peak='2000' burst='1024'/>", "<portgroup name='pgA1'>",
                    "<portgroup name='pgA2'>", "<outbound average='500'/>");

            virsh(own, "net-undefine", "vsA");
            assertThatThrownBy(() -> networks.networkXml(a, 0)).isInstanceOfSatisfying(VirtException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_NETWORK));
            assertThat(rows(networks, 0)).containsExactly("vSwitch0 active yes yes");
            // the port groups went with the switch: they can be made again
            assertThat(networks.defineNetwork(TWO_GROUPS, 0).name()).isEqualTo("vsA");
        }
    }

    @Test
    void anIsolatedSwitchWithAVlanUndefinesInVirtkit() throws Exception {
        try (VcsimFixture own = VcsimFixture.start(VcsimFixture.Options.esx(0));
                HypervisorConnection conn = EsxDrivers.open(own)) {
            NetworkConnection networks = networks(conn);
            NetworkRef b = networks.defineNetwork("""
                    <network>
                      <name>vsB</name>
                      <portgroup name='pgB'>
                        <vlan><tag id='12'/></vlan>
                      </portgroup>
                    </network>""", 0);
            String xml = networks.networkXml(b, 0);
            assertThat(xml).contains("<bridge stp='off' delay='0'/>", "<tag id='12'/>").doesNotContain("<forward");
            // libvirt shows no VLAN: the same XML without it
            assertThat(normalized(virsh(own, "net-dumpxml", "vsB")))
                    .isEqualTo(normalized(xml.replaceAll("(?s)\\s*<vlan>.*?</vlan>", "")));
            networks.undefineNetwork(b);
            assertThat(virshError(own, "net-info", "vsB")).isEqualTo("Network not found: Could not find "
                    + "HostVirtualSwitch with name 'vsB'");
            assertThat(virshRows(virsh(own, "net-list", "--all"))).containsExactly("vSwitch0 active yes yes");
            // the other way: libvirt defines, Virtkit shows the same and undefines
            Path file = Files.writeString(home.resolve("vsB.xml"), """
                    <network>
                      <name>vsB</name>
                      <forward mode='bridge'><interface dev='vmnic0'/></forward>
                      <portgroup name='pgB'/>
                    </network>""");
            virsh(own, "net-define", file.toString());
            NetworkRef byLibvirt = networks.lookupNetworkByName("vsB");
            assertThat(byLibvirt.uuid().toString()).isEqualTo(virsh(own, "net-uuid", "vsB").strip());
            assertThat(normalized(networks.networkXml(byLibvirt, 0))).isEqualTo(normalized(virsh(own, "net-dumpxml", "vsB")))
                    .contains("<interface dev='vmnic0'/>", "<portgroup name='pgB'/>");
            networks.undefineNetwork(byLibvirt);
            assertThat(virshRows(virsh(own, "net-list", "--all"))).containsExactly("vSwitch0 active yes yes");
        }
    }

    @Test
    void refusesWhatASwitchCannotBeAndLeavesNothingHalfMade() throws Exception {
        try (VcsimFixture own = VcsimFixture.start(VcsimFixture.Options.esx(0));
                HypervisorConnection conn = EsxDrivers.open(own)) {
            NetworkConnection networks = networks(conn);
            refused(networks, "<network><name>vSwitch0</name></network>", ErrorCode.INTERNAL_ERROR,
                    "internal error: HostVirtualSwitch already exists, editing existing ones is not supported yet");
            refused(networks, "<network><name>vsC</name><uuid>2f467347-8b4e-8655-e7d6-c4c3fb968009</uuid></network>",
                    ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Cannot use predefined UUID");
            refused(networks, "<network><name>vsC</name><forward mode='private'><interface dev='vmnic0'/></forward>"
                    + "</network>", ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Unsupported forward mode "
                    + "'private'");
            refused(networks, "<network><name>vsC</name><portgroup name='VM Network'/></network>",
                    ErrorCode.NETWORK_EXIST, "operation failed: HostPortGroup with name 'VM Network' exists already");
            refused(networks, "<network><name>vsC</name><forward mode='bridge'><interface dev='vmnic9'/></forward>"
                    + "</network>", ErrorCode.INTERNAL_ERROR, "internal error: Could not find PhysicalNic with name 'vmnic9'");
            refused(networks, "<network><name>vsC</name><bandwidth><inbound average='10'/></bandwidth></network>",
                    ErrorCode.CONFIG_UNSUPPORTED,
                    "unsupported configuration: Different inbound and outbound bandwidth is unsupported");
            assertThat(rows(networks, 0)).containsExactly("vSwitch0 active yes yes");

            // the second group's name is taken by the first: the host refuses it, and the switch goes again
            assertThatThrownBy(() -> networks.defineNetwork("""
                    <network>
                      <name>vsD</name>
                      <portgroup name='pgD'/>
                      <portgroup name='pgD'/>
                    </network>""", 0)).isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                        assertThat(e.getMessage()).contains("'AddPortGroup'");
                    });
            assertThat(rows(networks, 0)).containsExactly("vSwitch0 active yes yes");
            assertThat(virshRows(virsh(own, "net-list", "--all"))).containsExactly("vSwitch0 active yes yes");
            // nothing of it is left to clash with (the port group, its Network)
            assertThat(networks.defineNetwork("<network><name>vsD</name><portgroup name='pgD'/></network>", 0).name())
                    .isEqualTo("vsD");

            // a switch a host port uses cannot go, as in libvirt
            NetworkRef vswitch0 = networks.lookupNetworkByName("vSwitch0");
            assertThatThrownBy(() -> networks.undefineNetwork(vswitch0)).isInstanceOfSatisfying(VirtException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID))
                    .hasMessage(virshError(own, "net-undefine", "vSwitch0"));
        }
    }

    private static void refused(NetworkConnection networks, String xml, ErrorCode code, String message) {
        assertThatThrownBy(() -> networks.defineNetwork(xml, 0)).as(xml).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(code)).hasMessage(message);
    }
}
