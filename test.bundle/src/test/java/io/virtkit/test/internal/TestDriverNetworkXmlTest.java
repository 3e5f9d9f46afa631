package io.virtkit.test.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtkit.api.Connection;
import io.virtkit.api.Network;
import io.virtkit.api.XmlFlag;
import io.virtkit.model.network.NetworkDefinition;
import io.virtkit.model.network.NetworkXmlCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test driver keeps whole network definitions, whatever libvirt's schema allows, as libvirt's does. */
class TestDriverNetworkXmlTest {

    private static final String RICH_NAT = """
            <network ipv6='yes' xmlns:dnsmasq='http://libvirt.org/schemas/network/dnsmasq/1.0'>
              <name>rich</name>
              <uuid>9d1c5a38-2a8b-4b8e-9a55-4d4bd0a1e001</uuid>
              <metadata>
                <app:info xmlns:app='urn:example:app'>kept</app:info>
              </metadata>
              <forward mode='nat'>
                <nat>
                  <port start='1024' end='65535'/>
                </nat>
              </forward>
              <bridge name='virbr30' zone='trusted' stp='on' delay='0'/>
              <domain name='lab.example' localOnly='yes'/>
              <dns>
                <forwarder addr='8.8.8.8'/>
                <txt name='info' value='hello'/>
                <srv service='ldap' protocol='tcp' target='ldap.lab.example' port='389'/>
                <host ip='192.168.160.9'>
                  <hostname>web</hostname>
                </host>
              </dns>
              <bandwidth>
                <inbound average='1000' peak='5000' burst='1024'/>
              </bandwidth>
              <ip address='192.168.160.1' prefix='24'>
                <dhcp>
                  <range start='192.168.160.100' end='192.168.160.150'>
                    <lease expiry='1' unit='hours'/>
                  </range>
                </dhcp>
              </ip>
              <ip family='ipv6' address='fd00:160::1' prefix='64'>
                <dhcp>
                  <range start='fd00:160::100' end='fd00:160::1ff'/>
                </dhcp>
              </ip>
              <route address='192.168.161.0' prefix='24' gateway='192.168.160.2'/>
              <portgroup name='eng' default='yes'>
                <vlan>
                  <tag id='10'/>
                </vlan>
              </portgroup>
              <dnsmasq:options>
                <dnsmasq:option value='log-queries'/>
              </dnsmasq:options>
            </network>""";

    private static final String VEPA = """
            <network>
              <name>vepa</name>
              <forward mode='vepa'>
                <interface dev='eth2'/>
                <interface dev='eth3'/>
              </forward>
              <virtualport type='802.1Qbg'>
                <parameters managerid='11' typeid='1193047' typeidversion='2'/>
              </virtualport>
            </network>""";

    private TestDriver driver;
    private Connection conn;

    @BeforeEach
    void open() {
        driver = new TestDriver();
        conn = Open.connection(driver, "test:///default");
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {RICH_NAT, VEPA})
    void aDefinedNetworkReadsBackWhole(String xml) {
        NetworkDefinition given = NetworkXmlCodec.parse(xml);
        Network n = conn.defineNetwork(xml);

        NetworkDefinition stored = NetworkXmlCodec.parse(n.xml(XmlFlag.INACTIVE));
        assertThat(stored.withUuid(given.uuid())).isEqualTo(given);
        n.start();
        assertThat(NetworkXmlCodec.parse(n.xml()).withUuid(given.uuid())).isEqualTo(given);
    }
}
