package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.virtkit.api.Connection;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.VirtException;

/**
 * Debian's python3-libvirt (libvirt's own client library under the binding) against {@link RemoteServer}
 * over a UNIX socket. Each script prints one JSON object per step; a step that raised prints the
 * libvirtError's code, domain and message instead, so a failure names the call that broke.
 */
class PythonClientTest {
    /** Debian's interpreter: a python3 found on PATH may be a pyenv shim without the libvirt module. */
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Shared by every script: JSON-lines output and a wrapper that turns a libvirtError into data. */
    private static final String PRELUDE = """
            import json, queue, sys, threading, libvirt

            def emit(step, **values):
                print(json.dumps(dict(step=step, **values)), flush=True)

            def step(name, fn):
                try:
                    emit(name, ok=fn())
                except libvirt.libvirtError as e:
                    emit(name, error=dict(code=e.get_error_code(), domain=e.get_error_domain(),
                                          message=e.get_error_message(), text=str(e)))

            # libvirt prints every error to stderr by default; the JSON carries them instead
            libvirt.registerErrorHandler(lambda ctx, err: None, None)
            uri = 'test+unix:///default?socket=' + sys.argv[1]
            """;

    @TempDir
    Path dir;
    private SocketServer server;
    private Path socket;
    private ExternalClient client;

    @BeforeEach
    void start() throws Exception {
        ExternalClient.requireInstalled(PYTHON);
        server = SocketServer.start(dir, new TestDriverFactory());
        socket = server.socket();
        client = new ExternalClient(dir);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Runs PRELUDE + body with the socket as argv[1]; the steps it printed, by name. */
    private Map<String, JsonNode> python(String body) throws Exception {
        Path script = dir.resolve("client.py");
        Files.writeString(script, PRELUDE + body);
        ExternalClient.Result r = client.run(List.of(PYTHON.toString(), script.toString(), socket.toString()));
        assertThat(r.exit()).as("python exited with %s\nstdout:\n%s\nstderr:\n%s", r.exit(), r.out(), r.err()).isZero();
        Map<String, JsonNode> steps = new LinkedHashMap<>();
        for (String line : r.out().strip().split("\n")) {
            JsonNode node = JSON.readTree(line);
            steps.put(node.get("step").asText(), node);
        }
        return steps;
    }

    /** The value a step returned; fails with the libvirt error when it raised. */
    private static JsonNode ok(Map<String, JsonNode> steps, String name) {
        assertThat(steps).as("step %s ran", name).containsKey(name);
        JsonNode step = steps.get(name);
        assertThat(step.has("error")).as("step %s failed: %s", name, step.get("error")).isFalse();
        return step.get("ok");
    }

    @Test
    void hostQueries() throws Exception {
        Map<String, JsonNode> steps = python("""
                conn = libvirt.open(uri)
                step('type', conn.getType)
                step('hostname', conn.getHostname)
                step('info', conn.getInfo)
                step('uri', conn.getURI)
                step('alive', conn.isAlive)
                conn.close()
                """);
        NodeInfo node;
        String hostname;
        try (Connection c = new TestDriverFactory().open("test:///default")) {
            node = c.nodeInfo();
            hostname = c.hostname();
        }
        assertThat(ok(steps, "type").asText()).isEqualTo("TEST");
        assertThat(ok(steps, "hostname").asText()).isEqualTo(hostname);
        // virNodeGetInfo as Python returns it: model, memory in MiB, cpus, MHz, nodes, sockets, cores, threads
        JsonNode info = ok(steps, "info");
        assertThat(info.get(0).asText()).isEqualTo(node.cpuModel());
        assertThat(info.get(1).asLong()).isEqualTo(node.memoryKiB() / 1024);
        assertThat(info.get(2).asInt()).isEqualTo(node.cpus());
        assertThat(info.get(3).asInt()).isEqualTo(node.mhz());
        assertThat(info.get(4).asInt()).isEqualTo(node.numaNodes());
        assertThat(info.get(5).asInt()).isEqualTo(node.sockets());
        assertThat(info.get(6).asInt()).isEqualTo(node.coresPerSocket());
        assertThat(info.get(7).asInt()).isEqualTo(node.threadsPerCore());
        assertThat(ok(steps, "uri").asText()).isEqualTo("test+unix:///default?socket=" + socket);
        assertThat(ok(steps, "alive").asInt()).isEqualTo(1);
    }

    @Test
    void keepaliveKeepsAnIdleConnectionAlive() throws Exception {
        // With keepalive on (interval 1 s, 2 unanswered pings allowed) the client closes the connection
        // after about 3 s of unanswered PINGs; 4 s idle with the connection still alive means PONGs came.
        Map<String, JsonNode> steps = python("""
                import time
                libvirt.virEventRegisterDefaultImpl()
                def run_loop():
                    while True:
                        libvirt.virEventRunDefaultImpl()
                threading.Thread(target=run_loop, daemon=True).start()
                conn = libvirt.open(uri)
                step('keepalive', lambda: conn.setKeepAlive(1, 2))
                time.sleep(4)
                step('alive', conn.isAlive)
                step('type', conn.getType)
                conn.close()
                """);
        assertThat(ok(steps, "keepalive").asInt()).as("0: keepalive enabled, 1: server without keepalive").isZero();
        assertThat(ok(steps, "alive").asInt()).isEqualTo(1);
        assertThat(ok(steps, "type").asText()).isEqualTo("TEST");
    }

    @Test
    void domainLifecycleWithEvents() throws Exception {
        Map<String, JsonNode> steps = python("""
                libvirt.virEventRegisterDefaultImpl()
                def run_loop():
                    while True:
                        libvirt.virEventRunDefaultImpl()
                threading.Thread(target=run_loop, daemon=True).start()

                conn = libvirt.open(uri)
                events = queue.Queue()
                def on_lifecycle(c, dom, event, detail, opaque):
                    events.put([dom.name(), event, detail])
                callback = []
                def register():
                    callback.append(conn.domainEventRegisterAny(
                        None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, on_lifecycle, None))
                    return callback[0]
                step('register', register)

                xml = '''<domain type='test'>
                  <name>py1</name>
                  <uuid>7a1f0b4e-3c2d-4e5f-8a9b-0c1d2e3f4a5b</uuid>
                  <memory unit='KiB'>262144</memory>
                  <vcpu>2</vcpu>
                  <os><type>hvm</type></os>
                </domain>'''
                step('define', lambda: conn.defineXML(xml).name())
                dom = conn.lookupByName('py1')
                step('lookup', lambda: dict(name=dom.name(), uuid=dom.UUIDString(), id=dom.ID(),
                                           active=dom.isActive(), persistent=dom.isPersistent()))
                step('byuuid', lambda: conn.lookupByUUIDString('7a1f0b4e-3c2d-4e5f-8a9b-0c1d2e3f4a5b').name())
                step('stateDefined', dom.state)
                step('create', dom.create)
                step('stateRunning', dom.state)
                step('idRunning', dom.ID)
                step('byid', lambda: conn.lookupByID(dom.ID()).name())
                step('info', dom.info)
                step('xml', dom.XMLDesc)
                step('listed', lambda: sorted(d.name() for d in conn.listAllDomains()))
                step('destroy', dom.destroy)
                step('stateDestroyed', dom.state)
                step('undefine', dom.undefine)

                seen = []
                try:
                    while not any(e[0] == 'py1' and e[1] == libvirt.VIR_DOMAIN_EVENT_UNDEFINED for e in seen):
                        seen.append(events.get(timeout=10))
                except queue.Empty:
                    pass
                emit('events', ok=seen)
                step('deregister', lambda: conn.domainEventDeregisterAny(callback[0]))
                step('gone', lambda: [d.name() for d in conn.listAllDomains()])
                conn.close()
                """);
        assertThat(ok(steps, "register").asInt()).isGreaterThanOrEqualTo(0);
        assertThat(ok(steps, "define").asText()).isEqualTo("py1");
        JsonNode lookup = ok(steps, "lookup");
        assertThat(lookup.get("name").asText()).isEqualTo("py1");
        assertThat(lookup.get("uuid").asText()).isEqualTo("7a1f0b4e-3c2d-4e5f-8a9b-0c1d2e3f4a5b");
        assertThat(lookup.get("id").asInt()).isEqualTo(-1);
        assertThat(lookup.get("active").asInt()).isZero();
        assertThat(lookup.get("persistent").asInt()).isEqualTo(1);
        assertThat(ok(steps, "byuuid").asText()).isEqualTo("py1");
        // [state, reason]: VIR_DOMAIN_SHUTOFF (5) / VIR_DOMAIN_SHUTOFF_UNKNOWN (0)
        assertThat(ok(steps, "stateDefined").toString()).isEqualTo("[5,0]");
        assertThat(ok(steps, "create").asInt()).isZero();
        // VIR_DOMAIN_RUNNING (1) / VIR_DOMAIN_RUNNING_BOOTED (1)
        assertThat(ok(steps, "stateRunning").toString()).isEqualTo("[1,1]");
        int id = ok(steps, "idRunning").asInt();
        assertThat(id).isPositive();
        assertThat(ok(steps, "byid").asText()).isEqualTo("py1");
        // virDomainGetInfo: state, max memory KiB, memory KiB, vcpus, cpu time
        JsonNode info = ok(steps, "info");
        assertThat(info.get(0).asInt()).isEqualTo(1);
        assertThat(info.get(1).asLong()).isEqualTo(262144);
        assertThat(info.get(3).asInt()).isEqualTo(2);
        assertThat(ok(steps, "xml").asText()).contains("<name>py1</name>")
                .contains("<uuid>7a1f0b4e-3c2d-4e5f-8a9b-0c1d2e3f4a5b</uuid>").contains("id='" + id + "'");
        assertThat(ok(steps, "listed")).extracting(JsonNode::asText).containsExactly("py1", "test");
        assertThat(ok(steps, "destroy").asInt()).isZero();
        // VIR_DOMAIN_SHUTOFF (5) / VIR_DOMAIN_SHUTOFF_DESTROYED (2)
        assertThat(ok(steps, "stateDestroyed").toString()).isEqualTo("[5,2]");
        assertThat(ok(steps, "undefine").asInt()).isZero();
        // [name, event, detail]: DEFINED/ADDED, STARTED/BOOTED, STOPPED/DESTROYED, UNDEFINED/REMOVED
        assertThat(ok(steps, "events").toString())
                .isEqualTo("[[\"py1\",0,0],[\"py1\",2,0],[\"py1\",5,1],[\"py1\",1,0]]");
        assertThat(ok(steps, "deregister").asInt()).isZero();
        assertThat(ok(steps, "gone")).extracting(JsonNode::asText).containsExactly("test");
    }

    @Test
    void errorsArriveAsLibvirtErrorWithVirtkitsCodeAndMessage() throws Exception {
        Map<String, JsonNode> steps = python("""
                conn = libvirt.open(uri)
                step('missing', lambda: conn.lookupByName('nosuch').name())
                step('badxml', lambda: conn.defineXML('<domain').name())
                step('after', lambda: conn.lookupByName('test').name())
                conn.close()
                """);
        VirtException expected;
        VirtException expectedXml;
        try (Connection c = new TestDriverFactory().open("test:///default")) {
            expected = catchThrowableOfType(() -> c.lookupDomainByName("nosuch"), VirtException.class);
            expectedXml = catchThrowableOfType(() -> c.defineDomain("<domain"), VirtException.class);
        }
        JsonNode missing = steps.get("missing").get("error");
        assertThat(missing).as("lookup of a missing domain raises").isNotNull();
        assertThat(missing.get("code").asInt()).isEqualTo(42).isEqualTo(expected.code().number()); // VIR_ERR_NO_DOMAIN
        assertThat(missing.get("domain").asInt()).isEqualTo(expected.domain().number());
        assertThat(missing.get("message").asText()).startsWith("Domain not found: ").isEqualTo(expected.getMessage());

        JsonNode badXml = steps.get("badxml").get("error");
        assertThat(badXml).as("malformed XML raises").isNotNull();
        assertThat(badXml.get("code").asInt()).isEqualTo(expectedXml.code().number());
        assertThat(badXml.get("domain").asInt()).isEqualTo(expectedXml.domain().number());
        assertThat(badXml.get("message").asText()).isEqualTo(expectedXml.getMessage());
        // the connection survives its errors
        assertThat(ok(steps, "after").asText()).isEqualTo("test");
    }
}
