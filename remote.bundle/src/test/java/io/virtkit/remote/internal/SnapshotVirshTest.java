package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real virsh's snapshot verbs against {@link RemoteServer} on the test driver
 * ({@code test+unix:///default?socket=…}), compared with what the same virsh prints for libvirt 9.0's own test driver
 * ({@code test:///default}, run inside virsh): each script runs in one virsh, since libvirt's test driver forgets
 * everything when virsh exits. Only creation times are masked.
 */
class SnapshotVirshTest {

    @TempDir
    Path dir;
    private SocketServer server;
    private Virsh virtkit;
    private Virsh libvirt;

    @BeforeEach
    void start() throws IOException {
        ExternalClient.requireInstalled(Path.of(Virsh.BINARY));
        server = SocketServer.start(dir, new TestDriverFactory());
        ExternalClient client = new ExternalClient(dir);
        virtkit = new Virsh(client, server.uri("test:///default"));
        libvirt = new Virsh(client, "test:///default");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Output with creation times masked: the two drivers take their snapshots at different seconds. */
    private static String masked(String output) {
        return output.replaceAll("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}", "<time>")
                .replaceAll("<creationTime>\\d+</creationTime>", "<creationTime/>");
    }

    private void assertSameAsLibvirt(String script) throws Exception {
        compareWithLibvirt(script);
        forgetSnapshots();
    }

    private void compareWithLibvirt(String script) throws Exception {
        ExternalClient.Result ours = virtkit.run(script);
        ExternalClient.Result reference = libvirt.run(script);
        assertThat(masked(ours.out())).as("stdout of %s", script).isEqualTo(masked(reference.out()));
        assertThat(ours.err()).as("stderr of %s", script).isEqualTo(reference.err());
        assertThat(ours.exit()).isEqualTo(reference.exit());
    }

    /** The daemon's test driver keeps its state across virsh runs: the next script starts without snapshots. */
    private void forgetSnapshots() throws Exception {
        for (String root : virtkit.ok("snapshot-list", "test", "--roots", "--name").strip().split("\\s+")) {
            if (!root.isEmpty()) {
                virtkit.ok("snapshot-delete", "test", root, "--children");
            }
        }
        assertThat(virtkit.ok("snapshot-list", "test", "--name").strip()).isEmpty();
    }

    @Test
    void aTreeOfSnapshotsIsListedAsLibvirtsTestDriverListsIt() throws Exception {
        assertSameAsLibvirt("snapshot-create-as test s1 --description first; snapshot-create-as test s2;"
                + " snapshot-list test; snapshot-list test --tree; snapshot-list test --parent;"
                + " snapshot-list test --roots --name; snapshot-list test --leaves --name;"
                + " snapshot-list test --from s1 --name; snapshot-list test --current --name;"
                + " snapshot-current test --name; snapshot-info test s1; snapshot-info test --current;"
                + " snapshot-parent test s2; snapshot-list test --inactive --name");
    }

    @Test
    void revertAndDeleteChangeTheTreeAsInLibvirt() throws Exception {
        assertSameAsLibvirt("snapshot-create-as test s1; snapshot-create-as test s2; snapshot-revert test s1;"
                + " snapshot-current test --name; domstate test --reason; snapshot-create-as test s3;"
                + " snapshot-list test --tree; snapshot-delete test s1; snapshot-list test --tree;"
                + " snapshot-create-as test s4 --halt; domstate test --reason; snapshot-revert test s3;"
                + " domstate test --reason; snapshot-delete test s3 --children-only; snapshot-list test --tree;"
                + " snapshot-delete test s3 --children; snapshot-list test --name; snapshot-info test s2");
    }

    @Test
    void snapshotXmlIsDumpedAsLibvirtsUpToTheKeptDomain() throws Exception {
        String script = "snapshot-create-as test s1 --description 'a <first> one'; snapshot-create-as test s2;"
                + " snapshot-dumpxml test s2; snapshot-dumpxml test s1 --security-info";
        String ours = masked(virtkit.ok(script));
        String reference = masked(libvirt.ok(script));
        // the kept <domain> is each driver's own default domain, which Virtkit writes in its own detail
        assertThat(ours.replaceAll("(?s)  <domain type.*?  </domain>\n", "<domain/>\n"))
                .isEqualTo(reference.replaceAll("(?s)  <domain type.*?  </domain>\n", "<domain/>\n"));
        assertThat(ours).contains("  <domain type='test'>\n    <name>test</name>\n");
    }

    @Test
    void refusalsReadAsLibvirtsTestDriver() throws Exception {
        assertSameAsLibvirt("snapshot-current test");
        assertSameAsLibvirt("snapshot-dumpxml test nope");
        assertSameAsLibvirt("snapshot-revert test nope");
        assertSameAsLibvirt("snapshot-create-as test s1; snapshot-create-as test s1");
        // libvirt names its driver's function without a prefix; DriverFlags words every driver's refusal alike
        virtkit.ok("snapshot-create-as", "test", "s1");
        ExternalClient.Result metadataOnly = virtkit.run("snapshot-delete", "test", "s1", "--metadata");
        assertThat(metadataOnly.exit()).isNotZero();
        assertThat(metadataOnly.err()).contains("unsupported flags (0x2) in function virDomainSnapshotDelete");
        forgetSnapshots();
        assertSameAsLibvirt("snapshot-create-as test s1 --diskspec hdz");
        assertSameAsLibvirt("snapshot-create-as test s1; snapshot-parent test s1");
        assertSameAsLibvirt("snapshot-create-as test s1; snapshot-revert test s1 --running --paused");
    }

    @Test
    void undefiningNeedsTheSnapshotMetadataGoneFirst() throws Exception {
        compareWithLibvirt("snapshot-create-as test s1; snapshot-create-as test s2; destroy test; undefine test;"
                + " undefine test --snapshots-metadata; list --all --name");
    }

    /**
     * The procedures virsh no longer calls (NUM, LIST_NAMES, NUM_CHILDREN, LIST_CHILDREN_NAMES) and the rest, through
     * Debian's python3-libvirt, again compared with libvirt's own test driver.
     */
    @Test
    void pythonBindingSeesTheSameSnapshotsAsWithLibvirt() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        ExternalClient.requireInstalled(python);
        Path script = java.nio.file.Files.writeString(dir.resolve("snapshots.py"), """
                import sys, libvirt
                libvirt.registerErrorHandler(lambda ctx, err: None, None)
                conn = libvirt.open(sys.argv[1])
                dom = conn.lookupByName('test')
                a = dom.snapshotCreateXML('<domainsnapshot><name>a</name></domainsnapshot>', 0)
                b = dom.snapshotCreateXML('<domainsnapshot><name>b</name></domainsnapshot>', 0)
                dom.revertToSnapshot(a, 0)
                c = dom.snapshotCreateXML('<domainsnapshot><name>c</name></domainsnapshot>', 0)
                print('num', dom.snapshotNum(0), dom.snapshotNum(libvirt.VIR_DOMAIN_SNAPSHOT_LIST_ROOTS))
                print('names', sorted(dom.snapshotListNames(0)))
                print('children', a.numChildren(0), sorted(a.listChildrenNames(0)))
                print('all', sorted(s.getName() for s in dom.listAllSnapshots(0)))
                print('leaves', sorted(s.getName() for s in dom.listAllSnapshots(libvirt.VIR_DOMAIN_SNAPSHOT_LIST_LEAVES)))
                print('allchildren', sorted(s.getName() for s in a.listAllChildren(0)))
                print('parent', c.getParent(0).getName(), c.getDomain().name())
                print('current', dom.snapshotCurrent(0).getName(), dom.hasCurrentSnapshot(0), c.isCurrent(0),
                      a.isCurrent(0), a.hasMetadata(0))
                print('lookup', dom.snapshotLookupByName('b', 0).getName())
                b.delete(0)
                print('after', sorted(dom.snapshotListNames(0)))
                for call in (lambda: dom.snapshotLookupByName('nope', 0), lambda: a.getParent(0),
                             lambda: a.delete(libvirt.VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN
                                              | libvirt.VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY)):
                    try:
                        call()
                    except libvirt.libvirtError as e:
                        print('error', e.get_error_code(), e.get_error_domain(), e.get_error_message())
                """);
        ExternalClient client = new ExternalClient(dir);
        ExternalClient.Result ours = client.run(List.of(python.toString(), script.toString(),
                server.uri("test:///default")));
        ExternalClient.Result reference = client.run(List.of(python.toString(), script.toString(), "test:///default"));
        assertThat(reference.exit()).as(reference.err()).isZero();
        assertThat(ours.err()).isEmpty();
        assertThat(ours.out()).isEqualTo(reference.out()).contains("num 3 1\n");
    }

    @Test
    void aReadOnlyClientMayListButNotTakeSnapshots() throws Exception {
        virtkit.ok("snapshot-create-as", "test", "s1");
        assertThat(virtkit.ok("-r", "snapshot-list", "test", "--name").strip()).isEqualTo("s1");
        ExternalClient.Result denied = virtkit.run("-r", "snapshot-create-as", "test", "s2");
        assertThat(denied.exit()).isNotZero();
        assertThat(denied.err()).contains("operation forbidden: read only access prevents virDomainSnapshotCreateXML");
        ExternalClient.Result secure = virtkit.run("-r", "snapshot-dumpxml", "test", "s1", "--security-info");
        assertThat(secure.err()).contains("operation forbidden: virDomainSnapshotGetXMLDesc with secure flag");
    }
}
