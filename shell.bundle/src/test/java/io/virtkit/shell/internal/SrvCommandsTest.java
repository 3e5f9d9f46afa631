package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.virtkit.api.admin.ClientInfo;
import io.virtkit.api.admin.ListenerInfo;
import io.virtkit.api.admin.RemoteDaemon;

/** virt:srv-clients, virt:srv-client-disconnect and virt:srv-info against a daemon of the test's own. */
class SrvCommandsTest {

    private static final Instant FIRST_CONNECT = Instant.parse("2024-05-06T07:08:09Z");
    private static final Instant SECOND_CONNECT = Instant.parse("2024-05-06T07:10:00Z");

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();
    private ListedDaemon daemon;

    @BeforeEach
    void setUp() throws Exception {
        daemon = new ListedDaemon();
        daemon.listeners.add(new ListenerInfo("unix", "/run/virtkit/virtkit-sock", false, 1));
        daemon.listeners.add(new ListenerInfo("unix", "/run/virtkit/virtkit-sock-ro", true, 1));
        daemon.clients.add(new ClientInfo(3, "unix", "pid=4242,uid=1000", false, FIRST_CONNECT,
                Optional.of("test:///default"), 17));
        daemon.clients.add(new ClientInfo(12, "unix", "pid=77,uid=0", true, SECOND_CONNECT, Optional.empty(), 2));
    }

    @Test
    void srvClientsListsEveryClientInVirshTable() throws Exception {
        String first = local(FIRST_CONNECT);
        String second = local(SECOND_CONNECT);
        assertThat(first).matches("2024-05-0[5-7] \\d\\d:\\d\\d:09[+-]\\d{4}");
        assertThat(shell.run(with(new SrvClientsCommand()))).isEqualTo(
                " Id   Transport   Peer                Read-only   Connected since            URI               Calls\n"
                + "------------------------------------------------------------------------------------------------------\n"
                + " 3    unix        pid=4242,uid=1000   no          " + first + "   test:///default   17\n"
                + " 12   unix        pid=77,uid=0        yes         " + second + "   -                 2\n");
    }

    @Test
    void srvClientsWithoutClientsIsAnEmptyTable() throws Exception {
        daemon.clients.clear();
        assertThat(shell.run(with(new SrvClientsCommand()))).isEqualTo("""
                 Id   Transport   Peer   Read-only   Connected since   URI   Calls
                --------------------------------------------------------------------
                """);
    }

    @Test
    void srvInfoShowsSocketsClientsLimitsAndCutOffs() throws Exception {
        daemon.listeners.add(new ListenerInfo("tcp", "127.0.0.1:16509", false, 0));
        assertThat(shell.run(with(new SrvInfoCommand()))).isEqualTo("""
                 Transport   Address                        Read-only   Clients
                -----------------------------------------------------------------
                 unix        /run/virtkit/virtkit-sock      no          1
                 unix        /run/virtkit/virtkit-sock-ro   yes         1
                 tcp         127.0.0.1:16509                no          0

                Clients:              2
                Max clients:          120
                Max requests/client:  5
                Max conns/peer:       100
                Max callbacks/client: 1024
                Max unread/client:    8388608 bytes
                Refused connections:  900
                Cut off, bad input:   3
                Cut off, callbacks:   1
                Cut off, unread:      2
                """);
    }

    @Test
    void srvClientDisconnectDropsTheClientAndSaysSo() throws Exception {
        SrvClientDisconnectCommand disconnect = with(new SrvClientDisconnectCommand());
        disconnect.client = "12";
        assertThat(shell.run(disconnect)).isEqualTo("Client '12' disconnected\n");
        assertThat(daemon.disconnected).containsExactly(12L);
        assertThat(daemon.clients).extracting(ClientInfo::id).containsExactly(3L);
    }

    @Test
    void srvClientDisconnectOfAnUnknownIdIsLibvirtsNoClientError() {
        SrvClientDisconnectCommand disconnect = with(new SrvClientDisconnectCommand());
        disconnect.client = "99";
        assertThat(shell.fail(disconnect)).isEqualTo("error: Client not found: No client with matching ID '99'");
        assertThat(daemon.disconnected).containsExactly(99L);
        assertThat(daemon.clients).hasSize(2);
    }

    @Test
    void srvClientDisconnectRefusesAnIdThatIsNoNumberWithoutAskingTheDaemon() {
        for (String bad : List.of("abc", "-1", "")) {
            SrvClientDisconnectCommand disconnect = with(new SrvClientDisconnectCommand());
            disconnect.client = bad;
            assertThat(shell.fail(disconnect)).isEqualTo("error: invalid argument: client id '" + bad + "' is not a number");
        }
        assertThat(daemon.disconnected).isEmpty();
    }

    @Test
    void everyDaemonCommandFailsWithOneLineWhenNoDaemonRuns() {
        SrvClientDisconnectCommand disconnect = new SrvClientDisconnectCommand();
        disconnect.client = "3";
        for (Action command : List.<Action>of(new SrvClientsCommand(), new SrvInfoCommand(), disconnect)) {
            assertThat(shell.fail(command)).as(command.getClass().getSimpleName()).isEqualTo(
                    "error: Requested operation is not valid: the remote daemon is not running "
                            + "(feature virtkit-remote is not installed)");
        }
    }

    @Test
    void aFailingDaemonBecomesAnInternalErrorLine() {
        RemoteDaemon broken = new ListedDaemon() {
            @Override
            public List<ClientInfo> clients() {
                throw new IllegalStateException("selector closed");
            }
        };
        SrvClientsCommand clients = new SrvClientsCommand();
        clients.daemon = broken;
        assertThat(shell.fail(clients)).isEqualTo("error: internal error: selector closed");
    }

    @Test
    void clientIdCompleterOffersTheConnectedClientsAndNothingWithoutADaemon() {
        ClientIdCompleter completer = new ClientIdCompleter();
        assertThat(completer.clientIds()).isEmpty();
        completer.daemon = daemon;
        assertThat(completer.clientIds()).containsExactly("3", "12");
        List<String> candidates = new ArrayList<>();
        assertThat(completer.complete(null, CompletersTest.line("virt:srv-client-disconnect", "1"), candidates))
                .isGreaterThanOrEqualTo(0);
        assertThat(candidates).extracting(String::trim).containsExactly("12");
    }

    private <T extends DaemonCommand> T with(T command) {
        command.daemon = daemon;
        return command;
    }

    /** virt-admin's "Connected since": local date and time, then the zone offset as +hhmm. */
    private static String local(Instant instant) {
        ZonedDateTime at = instant.atZone(ZoneId.systemDefault());
        int offsetMinutes = at.getOffset().getTotalSeconds() / 60;
        return String.format("%04d-%02d-%02d %02d:%02d:%02d%s%02d%02d", at.getYear(), at.getMonthValue(),
                at.getDayOfMonth(), at.getHour(), at.getMinute(), at.getSecond(), offsetMinutes < 0 ? "-" : "+",
                Math.abs(offsetMinutes) / 60, Math.abs(offsetMinutes) % 60);
    }

    /** A daemon whose listeners and clients are plain lists the test fills; records disconnect calls. */
    private static class ListedDaemon implements RemoteDaemon {
        final List<ListenerInfo> listeners = new ArrayList<>();
        final List<ClientInfo> clients = new ArrayList<>();
        final List<Long> disconnected = new ArrayList<>();

        @Override
        public List<ListenerInfo> listeners() {
            return List.copyOf(listeners);
        }

        @Override
        public List<ClientInfo> clients() {
            return List.copyOf(clients);
        }

        @Override
        public boolean disconnect(long clientId) {
            disconnected.add(clientId);
            return clients.removeIf(c -> c.id() == clientId);
        }

        @Override
        public Limits limits() {
            return new Limits(120, 5);
        }

        @Override
        public Protection protection() {
            return new Protection(100, 1024, 8388608, 900, 3, 1, 2);
        }

        @Override
        public java.util.Optional<Role> role(long clientId) {
            return clients.stream().filter(c -> c.id() == clientId).findFirst().map(c -> Role.ADMIN);
        }
    }
}
