package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;

/** define, create, start, suspend, resume, shutdown, destroy, undefine, autostart: output and effect. */
class LifecycleCommandsTest {

    static final String FOO_XML = """
            <domain type='test'>
              <name>foo</name>
              <memory>1048576</memory>
              <vcpu>1</vcpu>
              <os><type>hvm</type></os>
            </domain>
            """;

    @TempDir
    Path dir;

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();
    private Path fooXml;

    @BeforeEach
    void setUp() throws Exception {
        fooXml = Files.writeString(dir.resolve("foo.xml"), FOO_XML);
    }

    @Test
    void defineThenListAllShowsTheInactiveDomainWithADash() throws Exception {
        DefineCommand define = shell.wire(new DefineCommand());
        define.file = fooXml.toString();
        assertThat(shell.run(define)).isEqualTo("Domain 'foo' defined from " + fooXml + "\n");

        ListCommand all = shell.wire(new ListCommand());
        all.all = true;
        assertThat(shell.run(all)).isEqualTo("""
                 Id   Name   State
                -----------------------
                 1    test   running
                 -    foo    shut off
                """);
        ListCommand inactive = shell.wire(new ListCommand());
        inactive.inactive = true;
        assertThat(shell.run(inactive)).isEqualTo("""
                 Id   Name   State
                -----------------------
                 -    foo    shut off
                """);
        Domain foo = shell.api().lookupDomainByName("foo");
        assertThat(foo.isPersistent()).isTrue();
        assertThat(foo.isActive()).isFalse();

        DomIdCommand domid = shell.on(new DomIdCommand(), "foo");
        assertThat(shell.run(domid)).isEqualTo("-\n");
        DomInfoCommand dominfo = shell.on(new DomInfoCommand(), "foo");
        assertThat(shell.run(dominfo)).startsWith("Id:             -\nName:           foo\n")
                .contains("State:          shut off\n");
    }

    @Test
    void fullLifecycleThroughTheCommands() throws Exception {
        define();
        assertThat(run(new StartCommand(), "foo")).isEqualTo("Domain 'foo' started\n");
        assertThat(stateOf("foo")).isEqualTo("running (booted)\n");
        Domain foo = shell.api().lookupDomainByName("foo");
        int id = foo.id();
        assertThat(id).isPositive();

        // by id from here on, as virsh users do
        assertThat(run(new SuspendCommand(), Integer.toString(id))).isEqualTo("Domain 'foo' suspended\n");
        assertThat(stateOf("foo")).isEqualTo("paused (user)\n");
        assertThat(run(new ResumeCommand(), Integer.toString(id))).isEqualTo("Domain 'foo' resumed\n");
        assertThat(stateOf("foo")).isEqualTo("running (unpaused)\n");
        assertThat(run(new RebootCommand(), "foo")).isEqualTo("Domain 'foo' is being rebooted\n");
        assertThat(foo.isActive()).isTrue();
        assertThat(run(new DestroyCommand(), foo.uuid().toString())).isEqualTo("Domain 'foo' destroyed\n");
        assertThat(stateOf("foo")).isEqualTo("shut off (destroyed)\n");
        assertThat(foo.state().reason()).isEqualTo(DomainStateReason.SHUTOFF_DESTROYED);

        assertThat(run(new StartCommand(), "foo")).isEqualTo("Domain 'foo' started\n");
        assertThat(run(new ShutdownCommand(), "foo")).isEqualTo("Domain 'foo' is being shutdown\n");
        assertThat(foo.state().state()).isIn(DomainState.SHUTDOWN, DomainState.SHUTOFF);

        DomStateCommand plain = shell.on(new DomStateCommand(), "test");
        assertThat(shell.run(plain)).isEqualTo("running\n");
    }

    @Test
    void startPausedLeavesTheDomainPaused() throws Exception {
        define();
        StartCommand start = shell.on(new StartCommand(), "foo");
        start.paused = true;
        assertThat(shell.run(start)).isEqualTo("Domain 'foo' started\n");
        assertThat(stateOf("foo")).isEqualTo("paused (user)\n");
    }

    @Test
    void startAutodestroyEndsWithTheCommandsConnection() throws Exception {
        define();
        StartCommand start = shell.on(new StartCommand(), "foo");
        start.autodestroy = true;
        assertThat(shell.run(start)).isEqualTo("Domain 'foo' started\n");
        assertThat(shell.api().lookupDomainByName("foo").state().state()).isEqualTo(DomainState.SHUTOFF);
    }

    @Test
    void startingAnActiveDomainIsVirshsError() {
        StartCommand start = shell.on(new StartCommand(), "test");
        assertThat(shell.fail(start)).isEqualTo("error: Domain is already active");
    }

    @Test
    void destroyingAnInactiveDomainReportsTheDriversError() throws Exception {
        define();
        DestroyCommand destroy = shell.on(new DestroyCommand(), "foo");
        assertThat(shell.fail(destroy)).isEqualTo("error: Failed to destroy domain 'foo'\n"
                + "error: Requested operation is not valid: domain is not running");
    }

    @Test
    void undefineRemovesTheInactiveDomain() throws Exception {
        define();
        assertThat(run(new UndefineCommand(), "foo")).isEqualTo("Domain 'foo' has been undefined\n");
        assertThat(shell.api().listAllDomains()).extracting(Domain::name).containsExactly("test");
        UndefineCommand again = shell.on(new UndefineCommand(), "foo");
        assertThat(shell.fail(again)).isEqualTo("error: failed to get domain 'foo'");
    }

    @Test
    void createMakesARunningTransientDomainThatVanishesWhenDestroyed() throws Exception {
        CreateCommand create = shell.wire(new CreateCommand());
        create.file = fooXml.toString();
        assertThat(shell.run(create)).isEqualTo("Domain 'foo' created from " + fooXml + "\n");
        Domain foo = shell.api().lookupDomainByName("foo");
        assertThat(foo.isActive()).isTrue();
        assertThat(foo.isPersistent()).isFalse();

        assertThat(run(new DestroyCommand(), "foo")).isEqualTo("Domain 'foo' destroyed\n");
        assertThat(shell.api().listAllDomains()).extracting(Domain::name).containsExactly("test");
    }

    @Test
    void createPausedLeavesTheDomainPaused() throws Exception {
        CreateCommand create = shell.wire(new CreateCommand());
        create.file = fooXml.toString();
        create.paused = true;
        shell.run(create);
        assertThat(stateOf("foo")).isEqualTo("paused (user)\n");
    }

    @Test
    void autostartMarksAndUnmarks() throws Exception {
        define();
        assertThat(run(new AutostartCommand(), "foo")).isEqualTo("Domain 'foo' marked as autostarted\n");
        assertThat(shell.api().lookupDomainByName("foo").autostart()).isTrue();
        DomInfoCommand dominfo = shell.on(new DomInfoCommand(), "foo");
        assertThat(shell.run(dominfo)).contains("Autostart:      enable\n");

        AutostartCommand disable = shell.on(new AutostartCommand(), "foo");
        disable.disable = true;
        assertThat(shell.run(disable)).isEqualTo("Domain 'foo' unmarked as autostarted\n");
        assertThat(shell.api().lookupDomainByName("foo").autostart()).isFalse();
    }

    @Test
    void dumpxmlPrintsTheDomainXml() throws Exception {
        DumpXmlCommand dumpxml = shell.on(new DumpXmlCommand(), "test");
        String live = shell.run(dumpxml);
        assertThat(live).startsWith("<domain type='test' id='1'>").contains("<name>test</name>").endsWith("</domain>\n");
        dumpxml.inactive = true;
        dumpxml.securityInfo = true;
        assertThat(shell.run(dumpxml)).startsWith("<domain type='test'>").contains("<name>test</name>");
    }

    @Test
    void everyCommandClosesItsConnection() throws Exception {
        define();
        run(new StartCommand(), "foo");
        run(new DestroyCommand(), "foo");
        assertThat(shell.opened).hasSize(3).allSatisfy(c -> assertThat(c.isAlive()).isFalse());
    }

    private void define() throws Exception {
        DefineCommand define = shell.wire(new DefineCommand());
        define.file = fooXml.toString();
        shell.run(define);
    }

    private String run(DomainCommand command, String domain) throws Exception {
        return shell.run(shell.on(command, domain));
    }

    private String stateOf(String domain) throws Exception {
        DomStateCommand domstate = shell.on(new DomStateCommand(), domain);
        domstate.reason = true;
        return shell.run(domstate);
    }
}
