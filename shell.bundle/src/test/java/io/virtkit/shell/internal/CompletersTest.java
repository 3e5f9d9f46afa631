package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CompletersTest {

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();

    @BeforeEach
    void setUp() throws Exception {
        shell.api().defineDomain(LifecycleCommandsTest.FOO_XML);
    }

    @Test
    void domainCompleterOffersTheDefaultConnectionsDomains() {
        DomainCompleter completer = domainCompleter();
        List<String> candidates = new ArrayList<>();
        int at = completer.complete(null, line("virt:start", ""), candidates);
        assertThat(at).isGreaterThanOrEqualTo(0);
        assertThat(candidates).extracting(String::trim).containsExactly("foo", "test");

        candidates.clear();
        completer.complete(null, line("virt:start", "f"), candidates);
        assertThat(candidates).extracting(String::trim).containsExactly("foo");
    }

    @Test
    void domainCompleterHonoursConnectTypedBefore() {
        DomainCompleter completer = domainCompleter();
        assertThat(completer.domainNames(line("virt:start", "-c", "bogus:///x", ""))).isEmpty();
        assertThat(completer.domainNames(line("virt:start", "--connect=bogus:///x", ""))).isEmpty();
        assertThat(completer.domainNames(line("virt:start", "--connect", "test:///default", "")))
                .containsExactly("foo", "test");
        List<String> candidates = new ArrayList<>();
        assertThat(completer.complete(null, line("virt:start", "-c", "bogus:///x", ""), candidates)).isEqualTo(-1);
        assertThat(candidates).isEmpty();
    }

    @Test
    void connectOptionIgnoresTheWordBeingTyped() {
        assertThat(ConnectOption.find(new String[] {"virt:list", "-c", "test:///default"}, 2)).isEmpty();
        assertThat(ConnectOption.find(new String[] {"virt:list", "-c", "test:///default", "x"}, 3))
                .contains("test:///default");
        assertThat(ConnectOption.find(new String[] {"virt:list", "-c=qemu:///system", "x"}, 2)).contains("qemu:///system");
        assertThat(ConnectOption.find(new String[] {"virt:list", "--all"}, 1)).isEmpty();
    }

    @Test
    void uriCompleterOffersURIsOfRegisteredDriversAndTheDefault() {
        UriCompleter completer = new UriCompleter();
        completer.connectionFactory = shell.factory;
        completer.settings = new ShellSettings(ShellHarness.config("qemu:///system"));
        assertThat(completer.uris()).containsExactly("qemu:///system", "test:///default");
        List<String> candidates = new ArrayList<>();
        completer.complete(null, line("virt:list", "-c", "te"), candidates);
        assertThat(candidates).extracting(String::trim).containsExactly("test:///default");
        assertThat(UriCompleter.urisFor("lxc")).containsExactly("lxc:///system", "lxc:///session");
    }

    private DomainCompleter domainCompleter() {
        return shell.wire(new DomainCompleter());
    }

    /** A command line whose cursor is at the end of its last word, as when Tab is pressed there. */
    static CommandLine line(String... words) {
        String buffer = String.join(" ", words);
        String last = words[words.length - 1];
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return words.length - 1;
            }

            @Override
            public String getCursorArgument() {
                return last;
            }

            @Override
            public int getArgumentPosition() {
                return last.length();
            }

            @Override
            public String[] getArguments() {
                return Arrays.copyOf(words, words.length);
            }

            @Override
            public int getBufferPosition() {
                return buffer.length();
            }

            @Override
            public String getBuffer() {
                return buffer;
            }
        };
    }
}
