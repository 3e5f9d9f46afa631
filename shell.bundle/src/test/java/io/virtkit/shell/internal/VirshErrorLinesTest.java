package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Domain;

/**
 * virsh's error lines, command by command (checked against virsh 9.0 on its own test driver): a verb the driver
 * refuses prints the verb's own first line ("error: Failed to destroy domain 'foo'") then the driver's reason;
 * a domain that is not found is the one line "error: failed to get domain 'KEY'", a network two lines; the
 * argument is named as the user gave it (an id stays an id). Each failure leaves the state as it was.
 */
class VirshErrorLinesTest {

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();

    private <T extends NetworkCommand> T onNetwork(T command, String network) {
        shell.wire(command).network = network;
        return command;
    }

    private void defineFoo() throws Exception {
        shell.api().defineDomain(LifecycleCommandsTest.FOO_XML);
    }

    @Test
    void defineAndCreateOfBadXmlNameTheFileThenTheDriversReason(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.xml"), "<domain type='test'><name>x</name></domain>");
        DefineCommand define = shell.wire(new DefineCommand());
        define.file = bad.toString();
        String defined = shell.fail(define);
        assertThat(defined).startsWith("error: Failed to define domain from " + bad + "\nerror: ");
        assertThat(defined.lines()).hasSize(2);
        CreateCommand create = shell.wire(new CreateCommand());
        create.file = bad.toString();
        assertThat(shell.fail(create)).isEqualTo(defined.replace("Failed to define domain", "Failed to create domain"));
        assertThat(shell.api().listAllDomains()).extracting(Domain::name).containsExactly("test");
    }

    @Test
    void lifecycleVerbsTheDriverRefusesNameTheDomainThenTheReason() throws Exception {
        defineFoo();
        assertThat(shell.fail(shell.on(new DestroyCommand(), "foo"))).isEqualTo("""
                error: Failed to destroy domain 'foo'
                error: Requested operation is not valid: domain is not running""");
        assertThat(shell.fail(shell.on(new SuspendCommand(), "foo")))
                .startsWith("error: Failed to suspend domain 'foo'\nerror: ").hasLineCount(2);
        assertThat(shell.fail(shell.on(new ShutdownCommand(), "foo")))
                .startsWith("error: Failed to shutdown domain 'foo'\nerror: ").hasLineCount(2);
        assertThat(shell.fail(shell.on(new RebootCommand(), "foo")))
                .startsWith("error: Failed to reboot domain 'foo'\nerror: ").hasLineCount(2);
        // by id, as given: the running 'test' domain is not paused
        int id = shell.api().lookupDomainByName("test").id();
        assertThat(shell.fail(shell.on(new ResumeCommand(), Integer.toString(id))))
                .startsWith("error: Failed to resume domain '" + id + "'\nerror: ").hasLineCount(2);
        assertThat(shell.api().lookupDomainByName("foo").isActive()).isFalse();
        assertThat(shell.api().lookupDomainByName("test").isActive()).isTrue();
    }

    @Test
    void transientDomainsCannotBeUndefinedOrAutostarted() throws Exception {
        shell.api().createDomain(LifecycleCommandsTest.FOO_XML);
        assertThat(shell.fail(shell.on(new UndefineCommand(), "foo"))).startsWith(
                "error: Failed to undefine domain 'foo'\nerror: ");
        assertThat(shell.fail(shell.on(new AutostartCommand(), "foo"))).startsWith(
                "error: Failed to mark domain 'foo' as autostarted\nerror: ");
        AutostartCommand disable = shell.on(new AutostartCommand(), "foo");
        disable.disable = true;
        assertThat(shell.fail(disable)).startsWith("error: Failed to unmark domain 'foo' as autostarted\nerror: ");
        assertThat(shell.api().lookupDomainByName("foo").isActive()).isTrue();
    }

    @Test
    void aDomainNotFoundIsVirshsOneLineForEveryDomainCommand() {
        for (DomainCommand command : new DomainCommand[] {new StartCommand(), new DestroyCommand(),
                new SuspendCommand(), new ResumeCommand(), new ShutdownCommand(), new RebootCommand(),
                new UndefineCommand(), new AutostartCommand(), new DumpXmlCommand(), new DomInfoCommand(),
                new DomStateCommand(), new DomIdCommand(), new DomUuidCommand(), new DomIfListCommand()}) {
            assertThat(shell.fail(shell.on(command, "nope"))).as(command.getClass().getSimpleName())
                    .isEqualTo("error: failed to get domain 'nope'");
        }
        DomNameCommand domname = shell.wire(new DomNameCommand());
        domname.domain = "99";
        assertThat(shell.fail(domname)).isEqualTo("error: failed to get domain '99'");
    }

    @Test
    void networkVerbsNameTheNetworkThenTheReason() throws Exception {
        assertThat(shell.fail(onNetwork(new NetStartCommand(), "default"))).isEqualTo("""
                error: Failed to start network default
                error: Requested operation is not valid: Network 'default' is already running""");
        assertThat(shell.fail(onNetwork(new NetUndefineCommand(), "default"))).startsWith("""
                error: Failed to undefine network default
                error: Requested operation is not valid: """);
        for (NetworkCommand command : new NetworkCommand[] {new NetStartCommand(), new NetDestroyCommand(),
                new NetInfoCommand(), new NetDumpXmlCommand(), new NetUndefineCommand(), new NetAutostartCommand(),
                new NetDhcpLeasesCommand()}) {
            assertThat(shell.fail(onNetwork(command, "nope"))).as(command.getClass().getSimpleName())
                    .isEqualTo("error: failed to get network 'nope'\n"
                            + "error: Network not found: no network with matching name 'nope'");
        }
        assertThat(shell.api().lookupNetworkByName("default").isActive()).isTrue();
    }

    @Test
    void hostQueriesTheDriverDoesNotAnswerSayWhatTheyWanted() throws Exception {
        assertThat(shell.fail(shell.wire(new SysinfoCommand()))).isEqualTo("""
                error: failed to get sysinfo
                error: this function is not supported by the connection driver: virConnectGetSysinfo""");
        assertThat(shell.fail(shell.wire(new DomCapabilitiesCommand()))).startsWith("""
                error: failed to get emulator capabilities
                error: this function is not supported by the connection driver: """);
    }

    @Test
    void detachInterfaceFollowsItsOwnErrorWithItsFailure() throws Exception {
        DetachInterfaceCommand detach = shell.on(new DetachInterfaceCommand(), "test");
        detach.type = "bridge";
        assertThat(shell.fail(detach)).isEqualTo("""
                error: No interface found whose type is bridge
                error: Failed to detach interface""");
        AttachInterfaceCommand attach = shell.on(new AttachInterfaceCommand(), "test");
        attach.type = "network";
        attach.source = "default";
        attach.mac = "zz";
        assertThat(shell.fail(attach)).isEqualTo("""
                error: Failed to attach interface
                error: XML error: unable to parse mac address 'zz'""");
    }
}
