package io.virtkit.test.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.network.NetworkXmlCodec;
import io.virtkit.support.HostNode;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.api.driver.OpenRequest;

/**
 * libvirt's test driver: an in-memory hypervisor for trying Virtkit and for testing applications.
 * {@code test:///default} connects to one state per driver instance, shared by all its connections and
 * starting with libvirt's default running domain {@code test} and active network {@code default}; {@code test:///ABSOLUTE/PATH.xml} gives
 * each connection a private state read from a libvirt test-driver node file. A URI with a host is
 * declined: it would be for a remote transport. Deactivation closes every connection it opened.
 * Usable from plain Java too, through core's connection factory.
 */
@Component(service = HypervisorDriver.class)
public final class TestDriver implements HypervisorDriver {

    static final String DEFAULT_PATH = "/default";

    /** libvirt's default domain, as {@code virsh -c test:///default dumpxml --inactive test} shows it. */
    static final String DEFAULT_DOMAIN_XML = """
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
    static final String DEFAULT_NETWORK_XML = """
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

    private final List<TestConnection> connections = new CopyOnWriteArrayList<>();
    /** The host's real name, as libvirt's test driver reports it (virGetHostname). */
    private final String hostname = HostNode.hostname();
    private TestState defaultState; // guarded by this
    private boolean closed; // guarded by this

    @Activate
    public TestDriver() {
    }

    @Override
    public String name() {
        return "Test";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("test");
    }

    @Override
    public Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents events) {
        URI uri = request.uri();
        if (uri == null || !"test".equalsIgnoreCase(uri.getScheme())) {
            return Optional.empty();
        }
        if (uri.isOpaque()) {
            // test:foo.xml – a path that is not absolute
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                    "testOpen: path '" + uri.getSchemeSpecificPart() + "' is not absolute; "
                            + "use test:///default or test:///ABSOLUTE/PATH.xml");
        }
        if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
            return Optional.empty(); // test://host/… is for a remote transport
        }
        String path = uri.getPath();
        if (path == null || path.isEmpty() || "/".equals(path)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                    "testOpen: supply a path or use test:///default");
        }
        TestState state;
        synchronized (this) {
            if (closed) {
                return Optional.empty();
            }
            state = DEFAULT_PATH.equals(path) ? defaultState() : null;
        }
        if (state == null) {
            state = NodeFile.load(Path.of(path), System::nanoTime);
        }
        TestConnection connection = new TestConnection(this, state, "test://" + path, events);
        state.attach(connection);
        synchronized (this) {
            if (closed) {
                state.detach(connection);
                return Optional.empty();
            }
            connections.add(connection);
        }
        return Optional.of(connection);
    }

    /** Closes every connection this driver opened. */
    @Deactivate
    public void close() {
        synchronized (this) {
            closed = true;
        }
        for (TestConnection c : connections) {
            c.close();
        }
        connections.clear();
    }

    /** The connections open now. */
    List<TestConnection> connections() {
        return List.copyOf(connections);
    }

    String hostname() {
        return hostname;
    }

    void closed(TestConnection connection) {
        connections.remove(connection);
    }

    private TestState defaultState() {
        if (defaultState == null) {
            TestState state = new TestState(NodeFile.DEFAULT_NODE_INFO,
                    TestCapabilities.format(TestCapabilities.defaultCells()), System::nanoTime);
            state.load(DomainXmlCodec.parse(DEFAULT_DOMAIN_XML), true, DomainState.RUNNING);
            state.loadNetwork(NetworkXmlCodec.parse(DEFAULT_NETWORK_XML));
            defaultState = state;
        }
        return defaultState;
    }
}
