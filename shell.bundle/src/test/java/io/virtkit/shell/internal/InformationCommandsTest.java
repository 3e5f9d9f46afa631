package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** The read-only verbs, against the test driver's default state; expected texts are virsh's. */
class InformationCommandsTest {

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();

    @Test
    void listShowsRunningDomainsInVirshTable() throws Exception {
        assertThat(shell.run(shell.wire(new ListCommand()))).isEqualTo("""
                 Id   Name   State
                ----------------------
                 1    test   running
                """);
    }

    @Test
    void listInactiveOfDefaultStateIsAnEmptyTable() throws Exception {
        ListCommand list = shell.wire(new ListCommand());
        list.inactive = true;
        assertThat(shell.run(list)).isEqualTo("""
                 Id   Name   State
                --------------------
                """);
    }

    @Test
    void nodeinfoMatchesVirshLayout() throws Exception {
        assertThat(shell.run(shell.wire(new NodeInfoCommand()))).isEqualTo("""
                CPU model:           i686
                CPU(s):              16
                CPU frequency:       1400 MHz
                CPU socket(s):       2
                Core(s) per socket:  2
                Thread(s) per core:  2
                NUMA cell(s):        2
                Memory size:         3145728 KiB
                """);
    }

    @Test
    void dominfoMatchesVirshLayout() throws Exception {
        DomInfoCommand dominfo = shell.on(new DomInfoCommand(), "test");
        String out = shell.run(dominfo);
        assertThat(out).startsWith("""
                Id:             1
                Name:           test
                UUID:           6695eb01-f6a4-8304-79aa-97f2502e193f
                OS Type:        linux
                State:          running
                CPU(s):         2
                """);
        assertThat(out).containsPattern("(?m)^CPU time:       \\d+\\.\\ds$");
        assertThat(out).endsWith("""
                Max memory:     8388608 KiB
                Used memory:    2097152 KiB
                Persistent:     yes
                Autostart:      disable
                Managed save:   no
                """);
    }

    @Test
    void versionNamesVirtkitAndTheHypervisor() throws Exception {
        String out = shell.run(shell.wire(new VersionCommand()));
        Connection c = shell.api();
        String library = VersionCommand.formatVersion(c.libraryVersion());
        assertThat(out).isEqualTo("Compiled against library: Virtkit " + VersionCommand.compiledVersion() + "\n"
                + "Using library: Virtkit " + library + "\n"
                + "Using API: TEST " + library + "\n"
                + "Running hypervisor: TEST " + VersionCommand.formatVersion(c.hypervisorVersion()) + "\n");
        assertThat(VersionCommand.compiledVersion()).isEqualTo("0.1.0");
        assertThat(VersionCommand.formatVersion(9_000_000)).isEqualTo("9.0.0");
        assertThat(VersionCommand.formatVersion(2)).isEqualTo("0.0.2");
        assertThat(VersionCommand.formatVersion(1_002_003)).isEqualTo("1.2.3");
    }

    @Test
    void uriHostnameAndCapabilities() throws Exception {
        assertThat(shell.run(shell.wire(new UriCommand()))).isEqualTo("test:///default\n");
        assertThat(shell.run(shell.wire(new HostnameCommand()))).isEqualTo(shell.api().hostname() + "\n");
        assertThat(shell.run(shell.wire(new CapabilitiesCommand())))
                .startsWith("<capabilities>").endsWith("</capabilities>\n");
    }

    @Test
    void sysinfoOnTheTestDriverIsNotSupportedAsInLibvirt() {
        assertThat(shell.fail(shell.wire(new SysinfoCommand())))
                .isEqualTo("error: failed to get sysinfo\n"
                        + "error: this function is not supported by the connection driver: virConnectGetSysinfo");
    }

    @Test
    void domainArgumentAcceptsIdUuidOrName() throws Exception {
        for (String key : new String[] {"1", "6695eb01-f6a4-8304-79aa-97f2502e193f", "6695eb01f6a4830479aa97f2502e193f", "test"}) {
            DomIdCommand domid = shell.on(new DomIdCommand(), key);
            assertThat(shell.run(domid)).as(key).isEqualTo("1\n");
        }
        DomUuidCommand domuuid = shell.on(new DomUuidCommand(), "1");
        assertThat(shell.run(domuuid)).isEqualTo("6695eb01-f6a4-8304-79aa-97f2502e193f\n");
        DomNameCommand domname = shell.wire(new DomNameCommand());
        domname.domain = "6695eb01-f6a4-8304-79aa-97f2502e193f";
        assertThat(shell.run(domname)).isEqualTo("test\n");
        domname.domain = "1";
        assertThat(shell.run(domname)).isEqualTo("test\n");
    }

    @Test
    void domnameRefusesANameAndUnknownIds() {
        DomNameCommand domname = shell.wire(new DomNameCommand());
        domname.domain = "test";
        assertThat(shell.fail(domname)).isEqualTo("error: failed to get domain 'test'");
        domname.domain = "7";
        assertThat(shell.fail(domname)).startsWith("error: failed to get domain '").contains("7");
    }

    @Test
    void unknownDomainIsOneLibvirtStyleLineAndClosesTheConnection() {
        DomInfoCommand dominfo = shell.on(new DomInfoCommand(), "nope");
        assertThat(shell.fail(dominfo)).isEqualTo("error: failed to get domain 'nope'");
        assertThat(shell.opened).hasSize(1).allSatisfy(c -> assertThat(c.isAlive()).isFalse());
    }

    @Test
    void connectOptionOverridesTheConfiguredDefault() throws Exception {
        UriCommand uri = shell.wire(new UriCommand());
        uri.connect = "bogus:///system";
        assertThat(shell.fail(uri)).isEqualTo("error: no connection driver available for bogus:///system");

        ShellHarness other = shell;
        UriCommand configured = new UriCommand();
        configured.connectionFactory = other.factory;
        configured.settings = new ShellSettings(ShellHarness.config("nothing:///here"));
        assertThat(other.fail(configured)).isEqualTo("error: no connection driver available for nothing:///here");
    }

    @Test
    void blankConfiguredUriFallsBackToTestDefault() {
        assertThat(new ShellSettings(ShellHarness.config("  ")).defaultUri()).isEqualTo("test:///default");
        assertThat(new ShellSettings(ShellHarness.config(" qemu:///system ")).defaultUri()).isEqualTo("qemu:///system");
    }

    @Test
    void driversListsRegisteredDriversAndSchemes() throws Exception {
        DriversCommand drivers = new DriversCommand();
        drivers.connectionFactory = shell.factory;
        assertThat(shell.run(drivers)).isEqualTo("""
                 Name   Schemes
                -----------------
                 Test   test
                """);
    }

    // ------------------------------------------------------------------------------- domcapabilities

    @Test
    void theTestDriverHasNoDomainCapabilitiesAsInLibvirt() {
        assertThat(shell.fail(shell.wire(new DomCapabilitiesCommand()))).isEqualTo("""
                error: failed to get emulator capabilities
                error: this function is not supported by the connection driver: virConnectGetDomainCapabilities""");
        assertThat(shell.opened).allMatch(c -> !c.isAlive());
    }

    @Test
    void optionsReachTheConnectionAndTheXmlIsPrinted() throws Exception {
        List<List<Object>> asked = new ArrayList<>();
        Fakes.OneDomainFactory factory = new Fakes.OneDomainFactory("vm");
        factory.connectionAnswers.put("domainCapabilities", a -> {
            asked.add(Arrays.asList(a));
            if ("nope".equals(a[2])) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                        "the machine 'nope' is not supported by emulator '/usr/bin/qemu-system-x86_64'");
            }
            return "<domainCapabilities>\n  <machine>" + a[2] + "</machine>\n</domainCapabilities>";
        });
        DomCapabilitiesCommand command = shell.wire(new DomCapabilitiesCommand(), factory);
        command.virttype = "qemu";
        command.arch = "x86_64";
        command.machine = "q35";
        command.emulatorbin = "/usr/bin/qemu-system-x86_64";

        assertThat(shell.run(command)).isEqualTo("<domainCapabilities>\n  <machine>q35</machine>\n"
                + "</domainCapabilities>\n");
        command.machine = "nope";
        assertThat(shell.fail(command)).isEqualTo("""
                error: failed to get emulator capabilities
                error: invalid argument: the machine 'nope' is not supported by emulator \
                '/usr/bin/qemu-system-x86_64'""");
        assertThat(asked).containsExactly(
                Arrays.asList("/usr/bin/qemu-system-x86_64", "x86_64", "q35", "qemu", 0L),
                Arrays.asList("/usr/bin/qemu-system-x86_64", "x86_64", "nope", "qemu", 0L));
        assertThat(factory.closed).hasValue(factory.opened.get());
    }

    @Test
    void optionsComplete() throws Exception {
        assertThat(DomCapabilitiesCommand.class.getDeclaredField("virttype").getAnnotation(Completion.class).values())
                .containsExactly("qemu", "kvm");
        assertThat(DomCapabilitiesCommand.class.getDeclaredField("arch").getAnnotation(Completion.class).values())
                .contains("x86_64");
        assertThat(DomCapabilitiesCommand.class.getDeclaredField("machine").getAnnotation(Completion.class).values())
                .contains("pc", "q35");
        assertThat(DomCapabilitiesCommand.class.getDeclaredField("emulatorbin").getAnnotation(Completion.class)
                .value()).isEqualTo(FileCompleter.class);
    }
}
