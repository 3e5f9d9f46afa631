package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.api.qemu.QemuDomain;

/**
 * domstats, domdisplay, qemu-monitor-command and domxml-to-native: against the test driver (what it has,
 * and its NO_SUPPORT errors, as virsh prints them for test:///default), and against fake QEMU handles for
 * what only the QEMU driver offers.
 */
class StatsDisplayNativeCommandsTest {

    static final String GRAPHICS_XML = """
            <domain type='test'>
              <name>%s</name>
              <memory>1024</memory>
              <os><type>hvm</type></os>
              <devices>%s</devices>
            </domain>
            """;

    @TempDir
    Path dir;

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();

    // ------------------------------------------------------------------------------------------- domstats

    @Test
    void domstatsPrintsEachNamedDomainAsVirshDoes() throws Exception {
        DomainStateInfo state = shell.api().lookupDomainByName("test").state();
        DomStatsCommand domstats = shell.wire(new DomStatsCommand());
        domstats.domains = List.of("test", "1");
        String block = "Domain: 'test'\n  state.state=1\n  state.reason=" + state.reason().number() + "\n";
        String out = shell.run(domstats);
        assertThat(out).startsWith(block).contains("  vcpu.current=2\n").contains("  balloon.maximum=8388608\n");
        assertThat(out.split("\n\n", -1)).as("one block per argument, each followed by a blank line")
                .hasSize(3).endsWith("");
        assertThat(out.split("\n\n")[1]).startsWith(block);
    }

    @Test
    void domstatsWithoutArgumentsShowsEveryDomain() throws Exception {
        shell.api().defineDomain(LifecycleCommandsTest.FOO_XML);
        String out = shell.run(shell.wire(new DomStatsCommand()));
        assertThat(out).contains("Domain: 'test'\n  state.state=1\n").contains("Domain: 'foo'\n  state.state=5\n");
        String foo = out.substring(out.indexOf("Domain: 'foo'"));
        assertThat(foo.substring(0, foo.indexOf("\n\n"))).as("an inactive domain has no CPU time")
                .doesNotContain("cpu.time");
    }

    @Test
    void domstatsOfAMissingDomainPrintsNothingButTheError() {
        DomStatsCommand domstats = shell.wire(new DomStatsCommand());
        domstats.domains = List.of("test", "nosuch");
        assertThat(shell.fail(domstats)).isEqualTo("error: failed to get domain 'nosuch'");
    }

    // ----------------------------------------------------------------------------------------- domdisplay

    @Test
    void domdisplayGivesTheVncDisplayNumber() throws Exception {
        shell.api().createDomain(GRAPHICS_XML.formatted("g", "<graphics type='vnc' port='5901' listen='0.0.0.0'/>"));
        shell.api().createDomain(GRAPHICS_XML.formatted("g2",
                "<graphics type='vnc' port='5907' listen='::1' passwd='pw'/>"));
        shell.api().createDomain(GRAPHICS_XML.formatted("g3",
                "<graphics type='vnc' port='5910' listen='192.168.1.5'/>"));
        assertThat(shell.run(domdisplay("g", false))).isEqualTo("vnc://localhost:1\n");
        assertThat(shell.run(domdisplay("g2", false))).isEqualTo("vnc://[::1]:7\n");
        assertThat(shell.run(domdisplay("g3", false))).isEqualTo("vnc://192.168.1.5:10\n");
    }

    @Test
    void domdisplayIncludesThePasswordOnlyWhenAsked() throws Exception {
        // The test driver leaves secrets out of its XML whatever the flags, so a fake handle plays one that
        // writes them only for XmlFlag.SECURE, as libvirt's drivers do.
        Fakes.OneDomainFactory factory = new Fakes.OneDomainFactory("vm");
        io.virtkit.api.Connection connection = factory.open("qemu:///system");
        String graphics = "<graphics type='vnc' port='5903' autoport='no' listen='127.0.0.1'%s/>";
        factory.serve(Fakes.of(Domain.class, Map.of(
                "isActive", a -> true,
                "connection", a -> connection,
                "xml", a -> GRAPHICS_XML.formatted("vm", graphics.formatted(
                        List.of((io.virtkit.api.XmlFlag[]) a[0]).contains(io.virtkit.api.XmlFlag.SECURE)
                                ? " passwd='s3cret'" : "")))));
        DomDisplayCommand command = shell.wire(new DomDisplayCommand(), factory);
        command.domain = "vm";
        assertThat(shell.run(command)).isEqualTo("vnc://127.0.0.1:3\n");
        command.includePassword = true;
        assertThat(shell.run(command)).isEqualTo("vnc://:s3cret@127.0.0.1:3\n");
    }

    @Test
    void domdisplayUsesTheRemoteHostForAWildcardListen() {
        GraphicsDevice any6 = new GraphicsDevice(GraphicsDevice.Type.VNC, 5900, false, "::", null);
        assertThat(DomDisplayCommand.displayUri(any6, "qemu+ssh://host1/system", false)).isEqualTo("vnc://host1:0");
        assertThat(DomDisplayCommand.displayUri(any6, "qemu:///system", false)).isEqualTo("vnc://localhost:0");
        GraphicsDevice none = new GraphicsDevice(GraphicsDevice.Type.VNC, 5902, false, null, "secret");
        assertThat(DomDisplayCommand.displayUri(none, "qemu:///system", false)).isEqualTo("vnc://localhost:2");
        GraphicsDevice spice = GraphicsDevice.builder(GraphicsDevice.Type.SPICE).port(5931).autoport(true)
                .listen("0.0.0.0").passwd("pw").build();
        assertThat(DomDisplayCommand.displayUri(spice, "qemu+ssh://host1/system", true))
                .isEqualTo("spice://:pw@host1:5931");
        assertThat(DomDisplayCommand.isWildcard("0.0.0.0")).isTrue();
        assertThat(DomDisplayCommand.isWildcard("[::]")).isTrue();
        assertThat(DomDisplayCommand.isWildcard("::1")).isFalse();
        assertThat(DomDisplayCommand.isWildcard("10.0.0.1")).isFalse();
    }

    @Test
    void domdisplayErrorsAreVirshs() throws Exception {
        shell.api().defineDomain(GRAPHICS_XML.formatted("off", "<graphics type='vnc' port='5901'/>"));
        shell.api().createDomain(GRAPHICS_XML.formatted("auto", "<graphics type='vnc' autoport='yes'/>"));
        assertThat(shell.fail(domdisplay("off", false))).isEqualTo("error: Domain is not running");
        assertThat(shell.fail(domdisplay("test", false))).isEqualTo("error: No graphical display found");
        // virsh prints vnc://localhost:-5901 for an unallocated port; no viewer can use that
        assertThat(shell.fail(domdisplay("auto", false))).isEqualTo("error: No graphical display found");
        assertThat(shell.fail(domdisplay("nosuch", false)))
                .isEqualTo("error: failed to get domain 'nosuch'");
    }

    // ------------------------------------------------------------------------------- qemu-monitor-command

    @Test
    void monitorCommandOnANonQemuDomainIsLibvirtsNoSupport() {
        QemuMonitorCommand command = shell.on(new QemuMonitorCommand(), "test");
        command.command = List.of("{\"execute\":\"query-status\"}");
        assertThat(shell.fail(command))
                .isEqualTo("error: this function is not supported by the connection driver: virDomainQemuMonitorCommand");
    }

    @Test
    void monitorCommandSendsTheJoinedWordsAndPrintsTheReply() throws Exception {
        List<String> sent = new ArrayList<>();
        Fakes.OneDomainFactory factory = new Fakes.OneDomainFactory("vm");
        factory.serve(Fakes.of(QemuDomain.class, Map.of("monitorCommand", a -> {
            sent.add((String) a[0]);
            return "{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}, \"id\": \"v1\"}";
        })));
        QemuMonitorCommand plain = monitor(factory, "{\"execute\":", "\"query-status\"}");
        assertThat(shell.run(plain))
                .isEqualTo("{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}, \"id\": \"v1\"}\n");
        assertThat(sent).containsExactly("{\"execute\": \"query-status\"}");

        QemuMonitorCommand pretty = monitor(factory, "{\"execute\":\"query-status\"}");
        pretty.pretty = true;
        assertThat(shell.run(pretty)).isEqualTo("""
                {
                  "return": {
                    "status": "running",
                    "singlestep": false,
                    "running": true
                  },
                  "id": "v1"
                }
                """);
        assertThat(factory.closed).hasValue(factory.opened.get());
    }

    @Test
    void monitorErrorsAndDriverBugsStayOneLine() {
        Fakes.OneDomainFactory factory = new Fakes.OneDomainFactory("vm");
        factory.serve(Fakes.of(QemuDomain.class, Map.of("monitorCommand", a -> {
            throw new IllegalStateException("monitor reply malformed\nat byte 7");
        })));
        assertThat(shell.fail(monitor(factory, "{}"))).isEqualTo("error: internal error: monitor reply malformed; at byte 7");
        assertThat(factory.closed).hasValue(factory.opened.get());
    }

    @Test
    void indenterKeepsStringsAndEmptyContainers() {
        assertThat(JsonIndenter.indent("{\"a\":[],\"b\":{ },\"c\":[1,{\"d\":\"x, {y}: \\\"z\\\"\"}]}")).isEqualTo("""
                {
                  "a": [],
                  "b": {},
                  "c": [
                    1,
                    {
                      "d": "x, {y}: \\"z\\""
                    }
                  ]
                }""");
        assertThat(JsonIndenter.indent("{}")).isEqualTo("{}");
    }

    // ----------------------------------------------------------------------------------- domxml-to-native

    @Test
    void domxmlToNativeOnTheTestDriverIsNoSupport() throws Exception {
        Path xml = Files.writeString(dir.resolve("x.xml"), LifecycleCommandsTest.FOO_XML);
        assertThat(shell.fail(toNative("qemu-argv", xml.toString())))
                .isEqualTo("error: this function is not supported by the connection driver: virConnectDomainXMLToNative");
        String missing = dir.resolve("missing.xml").toString();
        assertThat(shell.fail(toNative("qemu-argv", missing)))
                .isEqualTo("error: Failed to open file '" + missing + "': No such file or directory");
        assertThat(shell.api().listAllDomains()).extracting(Domain::name).containsExactly("test");
    }

    @Test
    void domxmlToNativePrintsWhatTheDriverGives() throws Exception {
        Path xml = Files.writeString(dir.resolve("x.xml"), LifecycleCommandsTest.FOO_XML);
        Fakes.OneDomainFactory factory = new Fakes.OneDomainFactory("vm");
        List<Object> asked = new ArrayList<>();
        factory.connectionAnswers.put("domainXmlToNative", a -> {
            asked.addAll(List.of(a));
            return "LC_ALL=C /usr/bin/qemu-system-x86_64 -name guest=foo";
        });
        DomXmlToNativeCommand command = shell.wire(new DomXmlToNativeCommand(), factory);
        command.format = "qemu-argv";
        command.file = xml.toString();
        assertThat(shell.run(command)).isEqualTo("LC_ALL=C /usr/bin/qemu-system-x86_64 -name guest=foo\n");
        assertThat(asked).containsExactly("qemu-argv", LifecycleCommandsTest.FOO_XML);
    }

    // ------------------------------------------------------------------------------------------- errors

    @Test
    void multiLineMessagesBecomeOneLine() {
        assertThat(Errors.line("internal error: process exited while connecting to monitor: "
                + "qemu-system-x86_64: -blockdev x: Could not open 'a'\r\nsecond line\n\n"))
                .isEqualTo("error: internal error: process exited while connecting to monitor: "
                        + "qemu-system-x86_64: -blockdev x: Could not open 'a'; second line");
        assertThat(Errors.unexpected(new NullPointerException()).getNiceHelp()).isEqualTo("error: internal error: NullPointerException");
    }

    private DomDisplayCommand domdisplay(String domain, boolean includePassword) {
        DomDisplayCommand command = shell.on(new DomDisplayCommand(), domain);
        command.includePassword = includePassword;
        return command;
    }

    private QemuMonitorCommand monitor(Fakes.OneDomainFactory factory, String... words) {
        QemuMonitorCommand command = shell.wire(new QemuMonitorCommand(), factory);
        command.domain = "vm";
        command.command = List.of(words);
        return command;
    }

    private DomXmlToNativeCommand toNative(String format, String file) {
        DomXmlToNativeCommand command = shell.wire(new DomXmlToNativeCommand());
        command.format = format;
        command.file = file;
        return command;
    }
}
