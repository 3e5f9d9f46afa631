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

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
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
            defaultState = DefaultTestHost.create();
        }
        return defaultState;
    }
}
