package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.ExternalTerminal;
import org.jline.utils.NonBlocking;
import org.jline.utils.NonBlockingInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.virtkit.api.ConsoleStream;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;

/**
 * virt:console against a fake domain whose console is a pair of pipes (the test driver has no consoles):
 * guest output reaches the screen, keystrokes reach the guest, Ctrl-] detaches without reaching it, and the
 * terminal is restored however the session ends. Against the test driver: its errors, one line each.
 */
class ConsoleCommandTest {

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final AtomicBoolean echo = new AtomicBoolean(true);
    private final ByteArrayOutputStream screenBytes = new ByteArrayOutputStream();
    private final PrintStream screen = new PrintStream(screenBytes, true, StandardCharsets.UTF_8);
    private PipedOutputStream typing;
    private PipedInputStream keyboard;

    @BeforeEach
    void setUp() throws Exception {
        keyboard = new PipedInputStream();
        typing = new PipedOutputStream(keyboard);
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void pumpsBothWaysUntilCtrlRightBracketThenRestoresTheTerminal() throws Exception {
        FakeConsole console = new FakeConsole();
        Fakes.OneDomainFactory factory = fakeDomainWith(console);
        ConsoleCommand command = command(factory, "vm");

        Future<?> running = executor.submit(() -> shell.run(command));
        await(() -> console.opened);
        console.guestSays("Debian GNU/Linux 12 vm ttyS0\r\nvm login: ");
        await(() -> screenText().endsWith("vm login: "));
        assertThat(echo).as("echo is off while connected").isFalse();

        typing.write("root\r".getBytes(StandardCharsets.US_ASCII));
        typing.flush();
        await(() -> console.typed().equals("root\r"));
        typing.write(new byte[] {3, ConsoleBridge.ESCAPE, 'x'}); // Ctrl-C goes to the guest, Ctrl-] detaches
        typing.flush();

        running.get(10, TimeUnit.SECONDS);
        assertThat(console.typed()).isEqualTo("root\r\u0003");
        assertThat(console.closed).isTrue();
        assertThat(echo).as("echo restored").isTrue();
        assertThat(keyboard.read()).as("what follows the escape is left to the shell").isEqualTo('x');
        assertThat(screenText()).isEqualTo("""
                Connected to domain 'vm'
                Escape character is ^] (Ctrl + ])
                Debian GNU/Linux 12 vm ttyS0\r
                vm login:\s
                """);
        assertThat(factory.closed).hasValue(factory.opened.get());
    }

    @Test
    void endsWhenTheGuestConsoleCloses() throws Exception {
        FakeConsole console = new FakeConsole();
        Fakes.OneDomainFactory factory = fakeDomainWith(console);
        ConsoleCommand command = command(factory, "vm");
        command.devname = "serial0";

        Future<?> running = executor.submit(() -> shell.run(command));
        await(() -> console.opened);
        console.guestSays("reboot: Power down\r\n");
        console.guestHangsUp();

        running.get(10, TimeUnit.SECONDS);
        assertThat(console.device.get()).isEqualTo("serial0");
        assertThat(screenText()).contains("reboot: Power down").endsWith("\n");
        assertThat(echo).isTrue();
        assertThat(factory.closed).hasValue(factory.opened.get());
    }

    @Test
    void bridgeReadsJLineKeyboardsWithTimeouts() throws Exception {
        FakeConsole console = new FakeConsole();
        InputStream jlineKeyboard = NonBlocking.nonBlocking("keyboard", keyboard);
        Future<ConsoleBridge.End> end = executor.submit(() -> ConsoleBridge.run(console, jlineKeyboard, screen));
        typing.write(new byte[] {'l', 's', '\r'});
        typing.flush();
        await(() -> console.typed().equals("ls\r"));
        console.guestSays("bin  etc\r\n");
        await(() -> screenText().equals("bin  etc\r\n"));
        typing.write(ConsoleBridge.ESCAPE);
        typing.flush();
        assertThat(end.get(10, TimeUnit.SECONDS)).isEqualTo(ConsoleBridge.End.ESCAPE);
        assertThat(console.closed).isTrue();
    }

    @Test
    void guestOutputReadAfterTheDetachStaysOffTheShellsScreen() throws Exception {
        // Like a pty, whose blocked read close() does not end: the stream keeps delivering after close().
        PipedInputStream fromGuest = new PipedInputStream();
        PipedOutputStream guest = new PipedOutputStream(fromGuest);
        AtomicBoolean closed = new AtomicBoolean();
        ConsoleStream stubborn = new ConsoleStream() {
            @Override
            public InputStream input() {
                return fromGuest;
            }

            @Override
            public OutputStream output() {
                return OutputStream.nullOutputStream();
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        Future<ConsoleBridge.End> end = executor.submit(() -> ConsoleBridge.run(stubborn, keyboard, screen));
        guest.write("before\r\n".getBytes(StandardCharsets.US_ASCII));
        guest.flush();
        await(() -> screenText().equals("before\r\n"));
        typing.write(ConsoleBridge.ESCAPE);
        typing.flush();
        await(closed::get);
        guest.write("late".getBytes(StandardCharsets.US_ASCII));
        guest.flush();
        assertThat(end.get(10, TimeUnit.SECONDS)).isEqualTo(ConsoleBridge.End.ESCAPE);
        assertThat(screenText()).isEqualTo("before\r\n");
    }

    @Test
    void rawModeOnKarafsJLineTerminalIsRestored() throws Exception {
        try (Terminal terminal = TerminalBuilder.builder().system(false).name("test")
                .streams(InputStream.nullInputStream(), OutputStream.nullOutputStream()).build()) {
            Attributes before = new Attributes(terminal.getAttributes());
            assertThat(before.getLocalFlag(Attributes.LocalFlag.ICANON)).isTrue();
            var session = Fakes.of(org.apache.karaf.shell.api.console.Session.class,
                    Map.of("get", a -> TerminalMode.JLINE_TERMINAL.equals(a[0]) ? terminal : null));
            try (TerminalMode raw = TerminalMode.raw(session)) {
                assertThat(terminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ICANON)).isFalse();
                assertThat(terminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ECHO)).isFalse();
                assertThat(terminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ISIG)).isFalse();
            }
            assertThat(terminal.getAttributes().getLocalFlags()).isEqualTo(before.getLocalFlags());
            assertThat(terminal.getAttributes().getInputFlags()).isEqualTo(before.getInputFlags());
        }
    }

    @Test
    void overSshKeystrokesArriveThroughTheTerminalsPumpNotTheChannelStream() throws Exception {
        // As Karaf's ssh shell builds it: the session keyboard is the raw channel stream, and the ssh
        // terminal (a JLine ExternalTerminal) pumps that same stream into its own input.
        PipedInputStream channel = new PipedInputStream();
        PipedOutputStream client = new PipedOutputStream(channel);
        try (ExternalTerminal terminal = new ExternalTerminal("ssh", "xterm", channel,
                OutputStream.nullOutputStream(), StandardCharsets.UTF_8)) {
            Attributes before = new Attributes(terminal.getAttributes());
            FakeConsole console = new FakeConsole();
            Fakes.OneDomainFactory factory = fakeDomainWith(console);
            ConsoleCommand command = command(factory, "vm");
            command.session = Fakes.of(org.apache.karaf.shell.api.console.Session.class, Map.of(
                    "getTerminal", a -> Fakes.session(channel, screen, echo).getTerminal(),
                    "getKeyboard", a -> channel,
                    "getConsole", a -> screen,
                    "get", a -> TerminalMode.JLINE_TERMINAL.equals(a[0]) ? terminal : null));

            Future<?> running = executor.submit(() -> shell.run(command));
            await(() -> console.opened);
            await(() -> !terminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ICANON));
            client.write("root\r".getBytes(StandardCharsets.US_ASCII));
            client.flush();
            await(() -> console.typed().equals("root\r"));
            client.write(new byte[] {3, ConsoleBridge.ESCAPE, 'x'});
            client.flush();

            running.get(10, TimeUnit.SECONDS);
            assertThat(console.typed()).as("Ctrl-C reaches the guest, not a signal").isEqualTo("root\r\u0003");
            assertThat(console.closed).isTrue();
            assertThat(terminal.getAttributes().getLocalFlags()).isEqualTo(before.getLocalFlags());
            assertThat(terminal.getAttributes().getInputFlags()).isEqualTo(before.getInputFlags());
            assertThat(((NonBlockingInputStream) terminal.input()).read(1000))
                    .as("what follows the escape is left to the shell").isEqualTo('x');
        }
    }

    @Test
    void aPausedTerminalPumpRunsWhileConnectedAndIsPausedAgainAfter() throws Exception {
        PipedInputStream channel = new PipedInputStream();
        PipedOutputStream client = new PipedOutputStream(channel);
        try (ExternalTerminal terminal = new ExternalTerminal(null, "ssh", "xterm", channel,
                OutputStream.nullOutputStream(), StandardCharsets.UTF_8, Terminal.SignalHandler.SIG_DFL, true,
                null, null)) {
            assertThat(terminal.paused()).isTrue();
            var session = Fakes.of(org.apache.karaf.shell.api.console.Session.class,
                    Map.of("get", a -> TerminalMode.JLINE_TERMINAL.equals(a[0]) ? terminal : null));
            try (TerminalMode raw = TerminalMode.raw(session)) {
                assertThat(terminal.paused()).isFalse();
                client.write('k');
                client.flush();
                assertThat(((NonBlockingInputStream) raw.keyboard()).read(5000)).isEqualTo('k');
            }
            assertThat(terminal.paused()).isTrue();
        }
    }

    @Test
    void testDriverHasNoConsolesAndSaysSoInOneLine() throws Exception {
        ConsoleCommand command = shell.wire(new ConsoleCommand());
        command.session = Fakes.session(keyboard, screen, echo);
        command.domain = "test";
        assertThat(shell.fail(command))
                .isEqualTo("error: this function is not supported by the connection driver: virDomainOpenConsole");
        assertThat(screenText()).isEmpty();
        assertThat(echo).isTrue();
        assertThat(shell.opened).allSatisfy(c -> assertThat(c.isAlive()).isFalse());
    }

    @Test
    void refusesAnInactiveDomainAndAMissingTerminal() throws Exception {
        shell.api().defineDomain(LifecycleCommandsTest.FOO_XML);
        ConsoleCommand inactive = shell.wire(new ConsoleCommand());
        inactive.session = Fakes.session(keyboard, screen, echo);
        inactive.domain = "foo";
        assertThat(shell.fail(inactive)).isEqualTo("error: The domain is not running");

        ConsoleCommand noTerminal = shell.on(new ConsoleCommand(), "test");
        assertThat(shell.fail(noTerminal)).isEqualTo("error: Cannot run interactive console without a controlling TTY");

        ConsoleCommand missing = shell.wire(new ConsoleCommand());
        missing.session = Fakes.session(keyboard, screen, echo);
        missing.domain = "nosuch";
        assertThat(shell.fail(missing)).isEqualTo("error: failed to get domain 'nosuch'");
        assertThat(screenText()).isEmpty();
    }

    private Fakes.OneDomainFactory fakeDomainWith(FakeConsole console) {
        Fakes.OneDomainFactory factory = new Fakes.OneDomainFactory("vm");
        factory.serve(Fakes.of(Domain.class, Map.of(
                "name", a -> "vm",
                "state", a -> DomainStateInfo.of(DomainStateReason.RUNNING_BOOTED),
                "openConsole", a -> console.open((String) a[0]))));
        return factory;
    }

    private ConsoleCommand command(Fakes.OneDomainFactory factory, String domain) {
        ConsoleCommand command = shell.wire(new ConsoleCommand(), factory);
        command.session = Fakes.session(keyboard, screen, echo);
        command.domain = domain;
        return command;
    }

    private String screenText() {
        return screenBytes.toString(StandardCharsets.UTF_8);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }

    /** A guest console made of pipes: the test speaks for the guest and reads what was typed to it. */
    static final class FakeConsole implements ConsoleStream {
        final AtomicReference<String> device = new AtomicReference<>();
        volatile boolean opened;
        volatile boolean closed;
        private final PipedInputStream fromGuest = new PipedInputStream(8192);
        private final PipedOutputStream guest;
        private final ByteArrayOutputStream toGuest = new ByteArrayOutputStream();

        FakeConsole() throws IOException {
            guest = new PipedOutputStream(fromGuest);
        }

        ConsoleStream open(String dev) {
            device.set(dev);
            opened = true;
            return this;
        }

        void guestSays(String text) throws IOException {
            guest.write(text.getBytes(StandardCharsets.UTF_8));
            guest.flush();
        }

        void guestHangsUp() throws IOException {
            guest.close();
        }

        String typed() {
            synchronized (toGuest) {
                return toGuest.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public InputStream input() {
            return fromGuest;
        }

        @Override
        public OutputStream output() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (toGuest) {
                        toGuest.write(b);
                    }
                }
            };
        }

        @Override
        public void close() {
            closed = true;
            try {
                guest.close();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
