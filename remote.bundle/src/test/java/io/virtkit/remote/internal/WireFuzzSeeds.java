package io.virtkit.remote.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Writes the seed corpus of {@link WirePacketFuzzTest} and {@link ProcedureCallFuzzTest}: real virsh and
 * python3-libvirt sessions against a {@link RemoteServer} over the test driver, recorded by a UNIX socket relay
 * between them. Each session's client bytes become one packet-decoder seed; each call becomes a procedure seed
 * (at most {@link #PER_PROCEDURE} a procedure); a procedure no session called gets one built with
 * {@link XdrWriter} (a domain {@code test} and zero flags, or an empty body). Not a test: run it when the protocol
 * grows (bench/README.md gives the command), then commit what changed.
 *
 * <pre>java -cp … io.virtkit.remote.internal.WireFuzzSeeds remote.bundle/src/test/resources</pre>
 */
public final class WireFuzzSeeds {
    private static final int PER_PROCEDURE = 3;
    /** Packets in one packet-decoder seed. */
    private static final int WINDOW = 4;
    private static final Path RESOURCES = Path.of("io/virtkit/remote/internal");

    /** One virsh session's commands (virsh reads them from standard input). */
    private static final String VIRSH_SCRIPT = """
            list --all
            dominfo test
            domstate test --reason
            dumpxml test
            dumpxml test --inactive --security-info
            domuuid test
            domid test
            domname 1
            dommemstat test
            vcpucount test
            setmem test 524288 --live
            setvcpus test 1 --live
            suspend test
            resume test
            snapshot-create-as test s1 --description fuzzseed
            snapshot-list test --tree
            snapshot-dumpxml test s1
            snapshot-current test --name
            snapshot-revert test s1
            snapshot-delete test s1
            save test /tmp/virtkit-wirefuzz/test.save
            restore /tmp/virtkit-wirefuzz/test.save
            managedsave test
            start test
            managedsave-remove test
            destroy test
            define /tmp/virtkit-wirefuzz/seed-domain.xml
            start seed
            reboot seed
            reset seed
            shutdown seed
            destroy seed
            autostart seed
            autostart seed --disable
            attach-device seed /tmp/virtkit-wirefuzz/seed-disk.xml --config
            detach-device seed /tmp/virtkit-wirefuzz/seed-disk.xml --config
            undefine seed
            create /tmp/virtkit-wirefuzz/seed-domain.xml
            destroy seed
            net-list --all
            net-info default
            net-dumpxml default
            net-uuid default
            net-define /tmp/virtkit-wirefuzz/seed-net.xml
            net-start seednet
            net-autostart seednet
            net-dhcp-leases default
            net-destroy seednet
            net-undefine seednet
            net-create /tmp/virtkit-wirefuzz/seed-net.xml
            net-destroy seednet
            pool-list --all --details
            pool-info default-pool
            pool-dumpxml default-pool
            pool-refresh default-pool
            pool-autostart default-pool
            vol-list default-pool --details
            vol-create-as default-pool seed.img 1M --format raw
            vol-info seed.img --pool default-pool
            vol-dumpxml seed.img --pool default-pool
            vol-path seed.img --pool default-pool
            vol-key seed.img --pool default-pool
            vol-resize seed.img 2M --pool default-pool
            vol-wipe seed.img --pool default-pool
            vol-clone seed.img seed2.img --pool default-pool
            vol-delete seed2.img --pool default-pool
            vol-delete seed.img --pool default-pool
            pool-define /tmp/virtkit-wirefuzz/seed-pool.xml
            pool-start seedpool
            pool-destroy seedpool
            pool-undefine seedpool
            capabilities
            domcapabilities
            nodeinfo
            sysinfo
            hostname
            uri
            version
            maxvcpus
            nodesecmodel
            domxml-from-native qemu-argv /tmp/virtkit-wirefuzz/seed-argv
            domjobinfo test
            domjobabort test
            """;

    /** python3-libvirt calls virsh does not make: event registrations, lookups by UUID, older list calls. */
    private static final String PYTHON_SCRIPT = """
            import libvirt, sys
            libvirt.registerErrorHandler(lambda *a: None, None)
            libvirt.virEventRegisterDefaultImpl()
            c = libvirt.open(sys.argv[1])
            g = {'c': c, 'libvirt': libvirt}
            for line in sys.stdin:
                try:
                    exec(line, g)
                except Exception as e:
                    print(line.strip(), '->', e)
            c.close()
            """;

    /** The calls the python3-libvirt session makes, one a line; a refused one is reported and skipped. */
    private static final String PYTHON_CALLS = """
            d = c.lookupByName('test')
            d.create()
            c.lookupByUUIDString(d.UUIDString())
            c.lookupByID(d.ID())
            c.listDomainsID(); c.listDefinedDomains(); c.numOfDomains(); c.numOfDefinedDomains()
            c.listNetworks(); c.listDefinedNetworks(); c.numOfNetworks(); c.numOfDefinedNetworks()
            c.listStoragePools(); c.listDefinedStoragePools(); c.numOfStoragePools(); c.numOfDefinedStoragePools()
            n = c.networkLookupByName('default'); c.networkLookupByUUIDString(n.UUIDString())
            n.isActive(); n.isPersistent(); n.bridgeName(); n.autostart()
            p = c.storagePoolLookupByName('default-pool'); c.storagePoolLookupByUUIDString(p.UUIDString())
            p.isActive(); p.isPersistent(); p.numOfVolumes(); p.listVolumes(); p.listAllVolumes()
            d.isActive(); d.isPersistent(); d.isUpdated(); d.maxMemory(); d.maxVcpus(); d.OSType(); d.autostart()
            d.hasManagedSaveImage(); d.hasCurrentSnapshot(); d.snapshotNum(); d.snapshotListNames()
            d.info(); d.state(); d.vcpusFlags(0); d.XMLDesc(0)
            d.jobStats(); d.jobInfo()
            c.isSecure(); c.getLibVersion(); c.getType(); c.getVersion(); c.getHostname(); c.getURI()
            c.getMaxVcpus(None)
            c.getSysinfo(0); c.getCapabilities(); c.getInfo()
            c.getDomainCapabilities(None, None, None, None, 0)
            c.findStoragePoolSources('logical', None, 0)
            c.storageVolLookupByPath('/nonexistent')
            c.storageVolLookupByKey('/nonexistent')
            d.reboot(0); d.shutdownFlags(0); d.createWithFlags(0); d.destroyFlags(0)
            d.setMemoryFlags(262144, 0); d.setVcpusFlags(1, 0); d.setMaxMemory(8388608)
            d.saveFlags('/tmp/virtkit-wirefuzz/py.save', None, 0)
            c.restoreFlags('/tmp/virtkit-wirefuzz/py.save', None, 0)
            d.managedSave(0); d.managedSaveRemove(0)
            d.undefineFlags(0)
            cb = c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, lambda *a: None, None)
            c.domainEventDeregisterAny(cb)
            cb = c.networkEventRegisterAny(None, libvirt.VIR_NETWORK_EVENT_ID_LIFECYCLE, lambda *a: None, None)
            c.networkEventDeregisterAny(cb)
            cb = c.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, lambda *a: None, None)
            c.storagePoolEventDeregisterAny(cb)
            """;

    private static final String DOMAIN_XML = """
            <domain type='test'><name>seed</name><memory>65536</memory><vcpu>1</vcpu>\
            <os><type>hvm</type></os></domain>
            """;
    private static final String DISK_XML = """
            <disk type='file' device='disk'><source file='/tmp/virtkit-wirefuzz/seed-disk.img'/>\
            <target dev='vdb' bus='virtio'/></disk>
            """;
    private static final String NETWORK_XML = """
            <network><name>seednet</name><bridge name='vkseed0'/><ip address='192.168.250.1' netmask='255.255.255.0'/>\
            </network>
            """;
    private static final String POOL_XML = """
            <pool type='dir'><name>seedpool</name><target><path>/tmp/virtkit-wirefuzz/pool</path></target></pool>
            """;

    private WireFuzzSeeds() {
    }

    public static void main(String[] args) throws Exception {
        Path resources = Path.of(args.length > 0 ? args[0] : "src/test/resources");
        Path scratch = ProcedureCallFuzzTest.SAVE_DIR;
        Files.createDirectories(scratch);
        Files.writeString(scratch.resolve("seed-domain.xml"), DOMAIN_XML);
        Files.writeString(scratch.resolve("seed-disk.xml"), DISK_XML);
        Files.writeString(scratch.resolve("seed-net.xml"), NETWORK_XML);
        Files.writeString(scratch.resolve("seed-pool.xml"), POOL_XML);
        Files.writeString(scratch.resolve("seed-argv"), "qemu-system-x86_64 -m 64 -name seed -nographic\n");
        Path dir = Files.createTempDirectory("virtkit-seeds");
        Path serverSocket = dir.resolve("server.sock");
        Path relaySocket = dir.resolve("relay.sock");
        List<Session> sessions = new CopyOnWriteArrayList<>();
        try (RemoteServer server = new RemoteServer(serverSocket, new TestDriverFactory());
                Relay relay = new Relay(relaySocket, serverSocket, sessions)) {
            server.start();
            String uri = "test+unix:///default?socket=" + relaySocket;
            run(List.of("virsh", "-q", "-c", uri), VIRSH_SCRIPT);
            run(List.of("virsh", "-q", "-r", "-c", uri), "list --all\ndumpxml test\nnet-list\nsuspend test\n");
            run(List.of("/usr/bin/python3", "-c", PYTHON_SCRIPT, uri), PYTHON_CALLS);
            relay.awaitSessions(3);
        } finally {
            Files.deleteIfExists(relaySocket);
            Files.deleteIfExists(serverSocket);
            Files.deleteIfExists(dir);
        }
        writeCorpus(resources, sessions);
    }

    private static void run(List<String> command, String input) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish");
        }
        System.out.println(command.get(0) + " exit " + p.exitValue() + ":\n" + out);
    }

    private static void writeCorpus(Path resources, List<Session> sessions) throws IOException {
        Path packets = resources.resolve(RESOURCES).resolve("WirePacketFuzzTestInputs/decodesClientBytes");
        Path calls = resources.resolve(RESOURCES).resolve("ProcedureCallFuzzTestInputs/callsEveryProcedure");
        Files.createDirectories(packets);
        Files.createDirectories(calls);
        Map<Integer, List<byte[]>> byProcedure = new LinkedHashMap<>();
        for (Session s : sessions) {
            byte[] wire = s.clientBytes.toByteArray();
            // a short session whole, read a byte at a time; longer ones as runs of 4 packets (small inputs fuzz
            // faster), read 64 bytes at a time into a heap buffer and 128 at a time into a direct one, alternately
            if (wire.length < 1024) {
                write(packets, "session", concat(new byte[] {0}, wire));
            }
            ByteArrayInputStream in = new ByteArrayInputStream(wire);
            ByteArrayOutputStream window = new ByteArrayOutputStream();
            int index = 0;
            for (Packet p = Packet.read(in); p != null; p = Packet.read(in), index++) {
                window.write(p.encode());
                if (index % WINDOW == WINDOW - 1) {
                    writeWindow(packets, index / WINDOW, window);
                }
                Header h = p.header();
                if (h.program() != Header.REMOTE_PROGRAM || h.type() != Header.CALL) {
                    continue;
                }
                byte[] body = p.body();
                List<byte[]> seen = byProcedure.computeIfAbsent(h.procedure(), k -> new ArrayList<>());
                if (seen.size() < PER_PROCEDURE && seen.stream().noneMatch(b -> java.util.Arrays.equals(b, body))) {
                    seen.add(body);
                    write(calls, "call-" + h.procedure(), callSeed(s.readOnly(), h.procedure(), body));
                }
            }
            if (window.size() > 0) {
                writeWindow(packets, index / WINDOW, window);
            }
        }
        for (Procedure p : Procedure.values()) {
            if (!byProcedure.containsKey(p.number())) {
                XdrWriter body = new XdrWriter();
                if (p.group() != Procedure.Group.HOST && p.group() != Procedure.Group.SESSION) {
                    RemoteTypes.writeDomainRef(body, new io.virtkit.api.driver.DomainRef("test",
                            UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f"), 1));
                    body.writeInt(0);
                }
                write(calls, "built-" + p.number(), callSeed(false, p.number(), body.toByteArray()));
            }
        }
    }

    private static void writeWindow(Path dir, int number, ByteArrayOutputStream window) throws IOException {
        write(dir, "packets", concat(new byte[] {(byte) (number % 2 == 0 ? 63 : 0xFF)}, window.toByteArray()));
        window.reset();
    }

    private static byte[] callSeed(boolean readOnly, int procedure, byte[] body) {
        return concat(new byte[] {(byte) (readOnly ? 1 : 0), (byte) (procedure >> 8), (byte) procedure}, body);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** A file named by its content, so that running this again adds only what is new. */
    private static void write(Path dir, String prefix, byte[] data) throws IOException {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data), 0, 8);
            Files.write(dir.resolve(prefix + "-" + hash), data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One client's connection through the relay: what it sent, and whether it opened read-only. */
    private record Session(ByteArrayOutputStream clientBytes) {
        boolean readOnly() {
            ByteArrayInputStream in = new ByteArrayInputStream(clientBytes.toByteArray());
            try {
                for (Packet p = Packet.read(in); p != null; p = Packet.read(in)) {
                    if (p.header().program() == Header.REMOTE_PROGRAM
                            && p.header().procedure() == Procedure.CONNECT_OPEN.number()) {
                        XdrReader r = new XdrReader(p.body());
                        r.readOptionalString(RemoteTypes.STRING_MAX);
                        return (r.readUnsigned() & RemoteSession.CONNECT_RO) != 0;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return false;
        }
    }

    /** A UNIX socket relay that records what each client sends before passing it on. */
    private static final class Relay implements AutoCloseable {
        private final ServerSocketChannel listener;
        private final Thread acceptor;
        private final List<Session> sessions;
        private final List<Thread> pumps = new CopyOnWriteArrayList<>();

        Relay(Path socket, Path target, List<Session> sessions) throws IOException {
            this.sessions = sessions;
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(socket));
            acceptor = new Thread(() -> accept(target), "seed-relay");
            acceptor.start();
        }

        private void accept(Path target) {
            try {
                while (true) {
                    SocketChannel client = listener.accept();
                    SocketChannel server = SocketChannel.open(UnixDomainSocketAddress.of(target));
                    Session session = new Session(new ByteArrayOutputStream());
                    sessions.add(session);
                    pump(client, server, session.clientBytes());
                    pump(server, client, null);
                }
            } catch (IOException closed) {
                // the relay is closing
            }
        }

        private void pump(SocketChannel from, SocketChannel to, ByteArrayOutputStream record) {
            Thread t = new Thread(() -> {
                ByteBuffer buffer = ByteBuffer.allocate(65536);
                try (from; to) {
                    while (from.read(buffer) >= 0) {
                        buffer.flip();
                        if (record != null) {
                            synchronized (record) {
                                record.write(buffer.array(), 0, buffer.limit());
                            }
                        }
                        while (buffer.hasRemaining()) {
                            to.write(buffer);
                        }
                        buffer.clear();
                    }
                } catch (IOException gone) {
                    // one side went away: both close
                }
            }, "seed-pump");
            pumps.add(t);
            t.start();
        }

        void awaitSessions(int count) throws InterruptedException {
            while (sessions.size() < count) {
                Thread.sleep(10);
            }
            for (Thread t : pumps) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
