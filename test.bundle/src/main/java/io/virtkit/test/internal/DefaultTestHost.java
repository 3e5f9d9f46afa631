package io.virtkit.test.internal;

import io.virtkit.api.DomainState;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.network.NetworkXmlCodec;

/**
 * What test:///default holds when a driver first opens it, as libvirt's test driver: its node, the running
 * domain {@code test}, the active network {@code default} and the active pool {@code default-pool} (without
 * volumes).
 */
final class DefaultTestHost {

    /** libvirt's default domain, as {@code virsh -c test:///default dumpxml --inactive test} shows it. */
    static final String DOMAIN_XML = """
            <domain type='test'>
              <name>test</name>
              <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
              <memory unit='KiB'>8388608</memory>
              <currentMemory unit='KiB'>2097152</currentMemory>
              <vcpu placement='static'>2</vcpu>
              <os>
                <type arch='i686'>hvm</type>
                <boot dev='hd'/>
              </os>
              <clock offset='utc'/>
              <on_poweroff>destroy</on_poweroff>
              <on_reboot>restart</on_reboot>
              <on_crash>destroy</on_crash>
              <devices>
                <disk type='file' device='disk'>
                  <source file='/guest/diskimage1'/>
                  <target dev='vda' bus='virtio'/>
                  <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
                </disk>
                <interface type='network'>
                  <mac address='aa:bb:cc:dd:ee:ff'/>
                  <source network='default'/>
                  <target dev='testnet0'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>
                </interface>
                <memballoon model='virtio'>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
                </memballoon>
              </devices>
            </domain>
            """;

    /** libvirt's default network, as {@code virsh -c test:///default net-dumpxml default} shows it. */
    static final String NETWORK_XML = """
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
            """;

    /** libvirt's default pool, as {@code virsh -c test:///default pool-dumpxml default-pool} shows it. */
    static final String POOL_XML = """
            <pool type='dir'>
              <name>default-pool</name>
              <uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>
              <target>
                <path>/default-pool</path>
              </target>
            </pool>
            """;

    private DefaultTestHost() {
    }

    /** A fresh state with the default host's node, domain and network (no events: nobody watches yet). */
    static TestState create() {
        TestState state = new TestState(NodeFile.DEFAULT_NODE_INFO,
                TestCapabilities.format(TestCapabilities.defaultCells()), System::nanoTime);
        state.domains().load(DomainXmlCodec.parse(DOMAIN_XML), true, DomainState.RUNNING);
        state.networks().load(NetworkXmlCodec.parse(NETWORK_XML));
        state.storage().load(POOL_XML, java.util.List.of());
        return state;
    }
}
