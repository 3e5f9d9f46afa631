package io.virtkit.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The remote daemon (feature virtkit-remote) inside the real distribution, reached by the real virsh:
 * the test domain listed through its socket, the sockets and an open virsh session shown by
 * {@code virt:srv-info} and {@code virt:srv-clients}, a client dropped by {@code virt:srv-client-disconnect},
 * and the sockets going away with the feature and coming back with it. The sockets are the test's own
 * (etc/io.virtkit.remote.cfg written before boot), never /run/virtkit's, so a running Virtkit is untouched.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemoteDaemonKarafIT extends VirtkitKarafTestSupport {

    /** Carries the test's directory into the container, where the test methods run. */
    private static final String DIR_PROPERTY = "virtkit.itest.remoteDir";
    private static final Path VIRSH = Path.of("/usr/bin/virsh");
    private static final long WAIT_MILLIS = 30_000;
    private static final String RUNNING_TEST_DOMAIN_ROW = "\\s*1\\s+test\\s+running\\s*";
    /** virt-admin's "Connected since": local date and time with the zone offset. */
    private static final String CONNECTED_SINCE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d[+-]\\d{4}";
    private static final String NOT_RUNNING =
            "error: Requested operation is not valid: the remote daemon is not running (feature virtkit-remote is not installed)";

    public RemoteDaemonKarafIT() {
        super(WAIT_MILLIS);
    }

    @Configuration
    public Option[] config() throws IOException {
        // Short on purpose: a UNIX socket path must stay under 108 bytes, staging name included.
        Path base = new File("target/remote-it").getAbsoluteFile().toPath();
        deleteTree(base); // nothing left over from an earlier run
        Files.createDirectories(base.resolve("home"));
        return distribution("exam-remote",
                remoteSocketsIn(base),
                systemProperty(DIR_PROPERTY).value(base.toString()));
    }

    @Test
    public void virshListsTheTestDomainThroughBothSocketsAndTheReadOnlyOneRefusesDestroy() throws Exception {
        awaitSockets();

        Virsh.Result list = virsh(uri(socket()), "list", "--all");
        assertThat(list.exit()).as("virsh list: %s", list).isZero();
        assertThat(list.out().lines()).as(list.out()).anyMatch(line -> line.matches(RUNNING_TEST_DOMAIN_ROW));

        Virsh.Result readOnlyList = virsh(uri(readOnlySocket()), "list", "--all");
        assertThat(readOnlyList.exit()).as("virsh list on the read-only socket: %s", readOnlyList).isZero();
        assertThat(readOnlyList.out().lines()).anyMatch(line -> line.matches(RUNNING_TEST_DOMAIN_ROW));

        try {
            Virsh.Result destroy = virsh(uri(readOnlySocket()), "destroy", "test");
            assertThat(destroy.exit()).as("virsh destroy on the read-only socket: %s", destroy).isNotZero();
            assertThat(destroy.err()).startsWith("error: ");
            assertThat(virsh(uri(socket()), "domstate", "test").out().strip()).isEqualTo("running");
        } finally {
            // The other tests need the test domain running, even when the read-only socket let it be destroyed.
            console().run("virt:start test");
        }
    }

    /**
     * Issue 10's bug: with the network driver installed (as the distribution boots it), a QEMU connection's
     * sysinfo answered NO_SUPPORT, through virsh and the console alike, because the decorator that joined
     * networks in did not forward it. Core now implements the connection over both sub-drivers.
     */
    @Test
    public void qemuSysinfoAnswersThroughVirshAndTheConsoleWithTheNetworkDriverInstalled() throws Exception {
        awaitSockets();
        assertThat(runOk("feature:list -i")).contains("virtkit-netdev").contains("virtkit-qemu");

        Virsh.Result sysinfo = virsh("qemu+unix:///system?socket=" + socket(), "sysinfo");
        assertThat(sysinfo.exit()).as("virsh sysinfo: %s", sysinfo).isZero();
        assertThat(sysinfo.out()).contains("<sysinfo type='smbios'>").contains("</sysinfo>");
        Virsh.Result networks = virsh("qemu+unix:///system?socket=" + socket(), "net-list", "--all");
        assertThat(networks.exit()).as("virsh net-list: %s", networks).isZero();

        assertThat(runOk("virt:sysinfo -c qemu:///system")).contains("<sysinfo type='smbios'>");
    }

    @Test
    public void srvInfoListsTheConfiguredSocketsAndTheLimits() throws Exception {
        awaitSockets();
        String info = runOk("virt:srv-info");

        assertThat(info.lines()).as(info)
                .anyMatch(line -> line.matches("\\s*unix\\s+" + Pattern.quote(socket().toString()) + "\\s+no\\s+\\d+\\s*"))
                .anyMatch(line -> line.matches("\\s*unix\\s+" + Pattern.quote(readOnlySocket().toString())
                        + "\\s+yes\\s+\\d+\\s*"))
                .noneMatch(line -> line.contains("/run/virtkit"))
                .anyMatch(line -> line.matches("Max clients:\\s+[1-9]\\d*"))
                .anyMatch(line -> line.matches("Max requests/client:\\s+[1-9]\\d*"));
    }

    @Test
    public void srvClientsShowsAnOpenVirshSessionAndSrvClientDisconnectDropsIt() throws Exception {
        awaitSockets();
        try (Virsh.Session leaving = Virsh.open(home(), uri(socket()));
                Virsh.Session dropped = Virsh.open(home(), uri(readOnlySocket()))) {
            // A command makes sure each session has really connected and opened its URI.
            leaving.send("uri");
            dropped.send("uri");
            String clients = awaitOutput("virt:srv-clients", out -> clientRows(out).size() == 2);
            List<ClientRow> rows = clientRows(clients);
            assertThat(rows).as(clients).extracting(ClientRow::readOnly).containsExactlyInAnyOrder("no", "yes");
            assertThat(rows).allSatisfy(row -> {
                assertThat(row.calls()).isPositive();
                // SO_PEERCRED through jdk.net, which Karaf's system bundle exports
                assertThat(row.peer()).matches("user=[^,]+,group=\\S+");
            });
            long droppedId = rows.stream().filter(r -> r.readOnly().equals("yes")).findFirst().orElseThrow().id();
            assertThat(runOk("virt:srv-info").lines())
                    .anyMatch(line -> line.matches("Clients:\\s+2"));

            // A session that ends leaves the list.
            // (every row's id: clientRows skips a row whose URI is '-', which is not a client gone)
            leaving.quit();
            awaitOutput("virt:srv-clients", out -> clientIds(out).equals(List.of(droppedId)));

            // One dropped by the operator too; an id no client has is libvirt's "Client not found".
            assertThat(runOk("virt:srv-client-disconnect " + droppedId).strip())
                    .isEqualTo("Client '" + droppedId + "' disconnected");
            awaitOutput("virt:srv-clients", out -> clientIds(out).isEmpty());
            KarafConsole.Result again = console().run("virt:srv-client-disconnect " + droppedId);
            assertThat(again.failure()).isNotNull();
            assertThat(again.console().strip())
                    .isEqualTo("error: Client not found: No client with matching ID '" + droppedId + "'");
        }
    }

    @Test
    public void uninstallingTheFeatureRemovesTheSocketsAndInstallingBringsThemBack() throws Exception {
        awaitSockets();
        Set<String> before = bundleNames();
        KarafConsole.Result reinstall;
        try {
            uninstallFeature("virtkit-remote");

            Set<String> removed = new TreeSet<>(before);
            removed.removeAll(bundleNames());
            assertThat(removed).containsExactly("io.virtkit.remote");
            assertThat(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS)).as("%s after uninstall", socket()).isFalse();
            assertThat(Files.exists(readOnlySocket(), LinkOption.NOFOLLOW_LINKS)).as("%s after uninstall", readOnlySocket())
                    .isFalse();
            assertThat(virsh(uri(socket()), "list", "--all").exit()).isNotZero();

            // The shell stays and says why there is nothing to show, in one line.
            for (String command : List.of("virt:srv-info", "virt:srv-clients")) {
                KarafConsole.Result result = console().run(command);
                assertThat(result.failure()).as(command).isNotNull();
                assertThat(result.console().strip()).as(command).isEqualTo(NOT_RUNNING);
            }
            assertThat(runOk("virt:list --all").lines()).anyMatch(line -> line.matches(RUNNING_TEST_DOMAIN_ROW));
        } finally {
            // Restore the container for the other tests without hiding a failure above.
            reinstall = console().run("feature:install virtkit-remote");
        }
        assertThat(reinstall.failure()).as("feature:install virtkit-remote: %s", reinstall.console()).isNull();
        awaitSockets();
        assertThat(bundleNames()).isEqualTo(before);
        Virsh.Result list = virsh(uri(socket()), "list", "--all");
        assertThat(list.exit()).as("virsh list after reinstall: %s", list).isZero();
        assertThat(list.out().lines()).anyMatch(line -> line.matches(RUNNING_TEST_DOMAIN_ROW));
        assertThat(awaitOutput("virt:srv-info", out -> out.contains(socket().toString()))).contains(readOnlySocket().toString());
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** One row of {@code virt:srv-clients} for a client that opened test:///default over a UNIX socket. */
    record ClientRow(long id, String peer, String readOnly, long calls) {
    }

    private static final Pattern CLIENT_ROW = Pattern.compile("\\s*(\\d+)\\s+unix\\s+(\\S+)\\s+(yes|no)\\s+"
            + CONNECTED_SINCE + "\\s+test:///default\\s+(\\d+)\\s*");

    /** The rows of the table's clients that opened test:///default over a UNIX socket. */
    private static List<ClientRow> clientRows(String table) {
        List<String> lines = table.lines().toList();
        assertThat(lines).as(table).isNotEmpty();
        assertThat(lines.get(0)).as(table)
                .matches("\\s*Id\\s+Transport\\s+Peer\\s+Read-only\\s+Connected since\\s+URI\\s+Calls\\s*");
        List<ClientRow> rows = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            Matcher m = CLIENT_ROW.matcher(line);
            if (!m.matches()) {
                // e.g. a client between connect and CONNECT_OPEN, whose URI is still '-': not there yet
                continue;
            }
            rows.add(new ClientRow(Long.parseLong(m.group(1)), m.group(2), m.group(3), Long.parseLong(m.group(4))));
        }
        return rows;
    }

    /** The id of every row of the table, whatever its URI. */
    private static List<Long> clientIds(String table) {
        List<String> lines = table.lines().toList();
        clientRows(table); // the header checked
        return lines.subList(2, lines.size()).stream().map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> Long.parseLong(line.split("\\s+", 2)[0])).toList();
    }

    private static Path dir() {
        return Path.of(System.getProperty(DIR_PROPERTY));
    }

    private static Path socket() {
        return dir().resolve("sock");
    }

    private static Path readOnlySocket() {
        return dir().resolve("sock-ro");
    }

    private static Path home() {
        return dir().resolve("home");
    }

    private static String uri(Path socket) {
        return "test+unix:///default?socket=" + socket;
    }

    private static Virsh.Result virsh(String uri, String... args) throws IOException, InterruptedException {
        return Virsh.run(home(), uri, args);
    }

    private static void awaitSockets() throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS) && Files.exists(readOnlySocket(), LinkOption.NOFOLLOW_LINKS))) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the daemon's sockets did not appear in " + dir());
            }
            Thread.sleep(100);
        }
    }

    /**
     * The real virsh as a child process, with its home, config and cache in the test's directory so that
     * nothing of the user's libvirt setup is read or written.
     */
    static final class Virsh {
        record Result(int exit, String out, String err) {
        }

        private Virsh() {
        }

        static Result run(Path home, String uri, String... args) throws IOException, InterruptedException {
            Files.createDirectories(home);
            List<String> command = new ArrayList<>(List.of(VIRSH.toString(), "-q", "-c", uri));
            command.addAll(List.of(args));
            Path out = Files.createTempFile(home, "virsh", ".out");
            Path err = Files.createTempFile(home, "virsh", ".err");
            try {
                Process process = builder(home, command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("virsh did not finish: " + command);
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }

        /** An interactive virsh reading its commands from a pipe: a client that stays connected. */
        static Session open(Path home, String uri) throws IOException {
            Files.createDirectories(home);
            Path out = Files.createTempFile(home, "virsh-session", ".out");
            Process process = builder(home, List.of(VIRSH.toString(), "-q", "-c", uri))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            return new Session(process, out);
        }

        private static ProcessBuilder builder(Path home, List<String> command) {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("HOME", home.toString());
            builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
            builder.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
            builder.environment().put("XDG_RUNTIME_DIR", home.resolve("runtime").toString());
            builder.environment().remove("LIBVIRT_DEFAULT_URI");
            builder.environment().remove("VIRSH_DEFAULT_CONNECT_URI");
            return builder;
        }

        static final class Session implements AutoCloseable {
            private final Process process;
            private final Path output;
            private final OutputStream commands;

            private Session(Process process, Path output) {
                this.process = process;
                this.output = output;
                this.commands = process.getOutputStream();
            }

            void send(String command) throws IOException {
                commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
                commands.flush();
            }

            /** Ends the session as a user would (end of input), and waits for virsh to exit. */
            void quit() throws IOException, InterruptedException {
                commands.close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("virsh did not exit at end of input; output: " + Files.readString(output));
                }
            }

            @Override
            public void close() throws IOException, InterruptedException {
                try {
                    commands.close();
                } catch (IOException e) {
                    // virsh may be gone already; it is ended below either way
                }
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                Files.deleteIfExists(output);
            }
        }
    }
}
