package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainStateReason;

/** The snapshot-* verbs on test:///default, laid out as virsh -c test:///default prints them (libvirt 9.0). */
class SnapshotCommandsTest {

    private ShellHarness shell;

    @BeforeEach
    void setUp() throws Exception {
        shell = new ShellHarness();
    }

    @AfterEach
    void tearDown() {
        shell.close();
        assertThat(shell.opened).allSatisfy(c -> assertThat(c.isAlive()).as("closed").isFalse());
    }

    private <T extends DomainCommand> T on(T command, String domain) {
        command.domain = domain;
        return shell.wire(command);
    }

    private <T extends SnapshotCommand> T on(T command, String domain, String snapshot) {
        command.snapshotName = snapshot;
        return on(command, domain);
    }

    private String create(String name) throws Exception {
        SnapshotCreateAsCommand create = on(new SnapshotCreateAsCommand(), "test");
        create.name = name;
        return shell.run(create);
    }

    private SnapshotListCommand list() {
        return on(new SnapshotListCommand(), "test");
    }

    @Test
    void snapshotsAreTakenListedAsATableAndATree() throws Exception {
        assertThat(create("a")).isEqualTo("Domain snapshot a created\n");
        create("b");
        create("c");
        shell.run(on(new SnapshotRevertCommand(), "test", "a"));
        create("d");
        create("e");

        String table = shell.run(list());
        assertThat(table).startsWith("""
                 Name   Creation Time               State
                ---------------------------------------------
                """);
        assertThat(table.lines().skip(2).map(l -> l.substring(0, 8) + l.substring(36)))
                .containsExactly(" a      running", " b      running", " c      running", " d      running",
                        " e      running");
        assertThat(table.lines().skip(2).findFirst().orElseThrow())
                .matches(" a      \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}   running");

        SnapshotListCommand tree = list();
        tree.tree = true;
        // virsh -c test:///default snapshot-list test --tree, for the same steps
        assertThat(shell.run(tree)).isEqualTo("""
                a
                  |
                  +- b
                  |   |
                  |   +- c
                  |    \s
                  +- d
                      |
                      +- e
                       \s
                """.replace(" \\s", "  "));

        SnapshotListCommand parents = list();
        parents.parent = true;
        String withParents = shell.run(parents);
        // as virsh: " Name   Creation Time               State     Parent", then 54 dashes
        assertThat(withParents.lines().skip(1).findFirst().orElseThrow()).isEqualTo("-".repeat(54));
        assertThat(withParents.lines().skip(2).map(l -> l.substring(0, 8) + l.substring(36)))
                .containsExactly(
                        " a      running   ", " b      running   a", " c      running   b", " d      running   a",
                        " e      running   d");

        SnapshotListCommand from = list();
        from.from = "a";
        from.nameOnly = true;
        assertThat(shell.run(from)).isEqualTo("b\nd\n");
        from.descendants = true;
        assertThat(shell.run(from)).isEqualTo("b\nc\nd\ne\n");
        SnapshotListCommand leaves = list();
        leaves.leaves = true;
        leaves.nameOnly = true;
        assertThat(shell.run(leaves)).isEqualTo("c\ne\n");
        SnapshotListCommand current = list();
        current.current = true;
        current.nameOnly = true;
        assertThat(shell.run(current)).isEqualTo("e\n");
    }

    @Test
    void currentDumpxmlRevertAndDeleteAsVirsh() throws Exception {
        SnapshotCurrentCommand current = on(new SnapshotCurrentCommand(), "test");
        assertThat(shell.fail(current)).isEqualTo("error: domain 'test' has no current snapshot");
        create("s1");
        create("s2");
        current.nameOnly = true;
        assertThat(shell.run(current)).isEqualTo("s2\n");
        current.nameOnly = false;
        assertThat(shell.run(current)).startsWith("<domainsnapshot>\n  <name>s2</name>\n  <state>running</state>\n"
                + "  <parent>\n    <name>s1</name>\n  </parent>\n");

        String xml = shell.run(on(new SnapshotDumpXmlCommand(), "test", "s1"));
        assertThat(xml).startsWith("<domainsnapshot>\n  <name>s1</name>\n").contains("<domain type='test'>")
                .endsWith("</domainsnapshot>\n");

        Domain test = shell.api().lookupDomainByName("test");
        test.destroy();
        assertThat(shell.run(on(new SnapshotRevertCommand(), "test", "s1"))).isEqualTo("Domain snapshot s1 reverted\n");
        assertThat(test.state().reason()).isEqualTo(DomainStateReason.RUNNING_FROM_SNAPSHOT);
        current.nameOnly = true;
        assertThat(shell.run(current)).isEqualTo("s1\n");

        assertThat(shell.run(on(new SnapshotDeleteCommand(), "test", "s1"))).isEqualTo("Domain snapshot s1 deleted\n");
        SnapshotListCommand names = list();
        names.nameOnly = true;
        assertThat(shell.run(names)).isEqualTo("s2\n");
        assertThat(test.snapshotLookupByName("s2").xml()).doesNotContain("<parent>");
        shell.run(on(new SnapshotRevertCommand(), "test", "s2"));
        create("s3");
        SnapshotDeleteCommand childrenOnly = on(new SnapshotDeleteCommand(), "test", "s2");
        childrenOnly.childrenOnly = true;
        assertThat(shell.run(childrenOnly)).isEqualTo("Domain snapshot s2 children deleted\n");
        assertThat(shell.run(names)).isEqualTo("s2\n");
    }

    @Test
    void createAsBuildsVirshsXmlAndPrintsItWithPrintXml() throws Exception {
        SnapshotCreateAsCommand create = on(new SnapshotCreateAsCommand(), "test");
        create.name = "c";
        create.description = "x & y";
        create.diskspecs = List.of("vda,snapshot=no");
        create.printXml = true;
        assertThat(shell.run(create)).isEqualTo("""
                <domainsnapshot>
                  <name>c</name>
                  <description>x &amp; y</description>
                  <disks>
                    <disk name='vda' snapshot='no'/>
                  </disks>
                </domainsnapshot>
                """);
        assertThat(shell.api().lookupDomainByName("test").listAllSnapshots()).isEmpty();

        create.printXml = false;
        create.halt = true;
        assertThat(shell.run(create)).isEqualTo("Domain snapshot c created\n");
        assertThat(shell.api().lookupDomainByName("test").isActive()).isFalse();
        assertThat(shell.run(on(new SnapshotDumpXmlCommand(), "test", "c")))
                .contains("<description>x &amp; y</description>").contains("<disk name='vda' snapshot='no'/>");

        SnapshotCreateAsCommand unnamed = on(new SnapshotCreateAsCommand(), "test");
        assertThat(shell.run(unnamed)).matches("Domain snapshot \\d+ created\n");
    }

    @Test
    void errorsReadAsVirsh() throws Exception {
        assertThat(shell.fail(on(new SnapshotDumpXmlCommand(), "test", "nope")))
                .isEqualTo("error: Domain snapshot not found: no domain snapshot with matching name 'nope'");
        assertThat(shell.fail(on(new SnapshotRevertCommand(), "nosuch", "s1")))
                .isEqualTo("error: failed to get domain 'nosuch'");
        create("s1");
        SnapshotCreateAsCommand again = on(new SnapshotCreateAsCommand(), "test");
        again.name = "s1";
        assertThat(shell.fail(again)).isEqualTo("error: operation failed: domain moment s1 already exists");
        SnapshotCreateAsCommand badDisk = on(new SnapshotCreateAsCommand(), "test");
        badDisk.diskspecs = List.of("hdz");
        assertThat(shell.fail(badDisk)).isEqualTo("error: unsupported configuration: no disk named 'hdz'");
        badDisk.diskspecs = List.of("vda,bogus=1");
        assertThat(shell.fail(badDisk)).isEqualTo("error: unable to parse diskspec: vda,bogus=1");

        SnapshotRevertCommand both = on(new SnapshotRevertCommand(), "test", "s1");
        both.running = true;
        both.paused = true;
        assertThat(shell.fail(both)).isEqualTo("error: Failed to revert snapshot s1\nerror: invalid argument: Flags "
                + "'VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING' and 'VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED' are mutually exclusive");
        SnapshotDeleteCommand metadata = on(new SnapshotDeleteCommand(), "test", "s1");
        metadata.metadata = true;
        assertThat(shell.fail(metadata)).isEqualTo("error: Failed to delete snapshot s1\nerror: invalid argument: "
                + "unsupported flags (0x2) in function virDomainSnapshotDelete");

        SnapshotListCommand parentRoots = list();
        parentRoots.parent = true;
        parentRoots.roots = true;
        assertThat(shell.fail(parentRoots)).isEqualTo("error: Options --parent and --roots are mutually exclusive");
    }

    @Test
    void snapshotNamesAreCompletedForTheDomainOnTheLine() throws Exception {
        create("s1");
        create("s2");
        SnapshotCompleter completer = new SnapshotCompleter();
        completer.connectionFactory = shell.factory;
        completer.settings = shell.settings;
        assertThat(completer.snapshotNames(CompletersTest.line("virt:snapshot-revert", "test", ""))).containsExactly(
                "s1", "s2");
        assertThat(completer.snapshotNames(CompletersTest.line("virt:snapshot-list", "--from", "test", "")))
                .isEmpty(); // "test" is --from's value here, no domain is named yet
        assertThat(completer.snapshotNames(CompletersTest.line("virt:snapshot-revert", "nosuch", ""))).isEmpty();
        assertThat(completer.snapshotNames(CompletersTest.line("virt:snapshot-revert", ""))).isEmpty();
    }
}
