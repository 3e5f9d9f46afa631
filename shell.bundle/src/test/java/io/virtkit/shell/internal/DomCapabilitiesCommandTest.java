package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** virt:domcapabilities: its options reach the API, its output is the XML, its errors are virsh's two lines. */
class DomCapabilitiesCommandTest {

    private ShellHarness shell;

    @BeforeEach
    void setUp() throws Exception {
        shell = new ShellHarness();
    }

    @AfterEach
    void tearDown() {
        shell.close();
    }

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
        DomCapabilitiesCommand command = new DomCapabilitiesCommand();
        command.connectionFactory = factory;
        command.settings = shell.settings;
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
