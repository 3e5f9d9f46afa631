package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Domain;

/**
 * The event command on its own thread, as Karaf runs it: events caused through the API, Ctrl-C as a
 * thread interrupt, and the registration and connection closed whichever way it ends.
 */
class EventCommandTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();
    private PrintStream savedOut;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @BeforeEach
    void setUp() throws Exception {
        savedOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        System.setOut(savedOut);
    }

    @Test
    void withoutLoopItStopsAfterTheFirstEvent() throws Exception {
        EventCommand event = shell.wire(new EventCommand());
        event.timeout = 30;
        Thread thread = start(event);
        Domain test = shell.api().lookupDomainByName("test");
        // The listener is registered some time after the thread starts; keep causing events until one lands.
        while (thread.isAlive()) {
            test.suspend();
            test.resume();
            thread.join(20);
        }
        assertThat(output()).matches(
                "event 'lifecycle' for domain 'test': (Suspended Paused|Resumed Unpaused)\nevents received: 1\n");
        assertClosed();
    }

    @Test
    void domainOptionFiltersOtherDomainsOut() throws Exception {
        Path xml = Files.writeString(dir.resolve("foo.xml"), LifecycleCommandsTest.FOO_XML);
        Domain foo = shell.api().defineDomain(Files.readString(xml));
        EventCommand event = shell.wire(new EventCommand());
        event.domain = "foo";
        event.timeout = 30;
        Thread thread = start(event);
        Domain test = shell.api().lookupDomainByName("test");
        while (thread.isAlive()) {
            test.suspend();
            test.resume();
            foo.start();
            foo.destroy();
            thread.join(20);
        }
        assertThat(output()).matches(
                "event 'lifecycle' for domain 'foo': (Started Booted|Stopped Destroyed)\nevents received: 1\n");
    }

    @Test
    void timeoutEndsAQuietWait() throws Exception {
        EventCommand event = shell.wire(new EventCommand());
        event.loop = true;
        event.timeout = 1;
        long started = System.nanoTime();
        event.execute();
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
        assertThat(output()).isEqualTo("event loop timed out\nevents received: 0\n");
        assertClosed();
    }

    @Test
    void ctrlCInterruptEndsTheLoopAndClosesEverything() throws Exception {
        EventCommand event = shell.wire(new EventCommand());
        event.loop = true;
        Thread thread = start(event);
        while (shell.registrations.get() == 0) {
            Thread.sleep(5);
        }
        shell.api().lookupDomainByName("test").suspend();
        // The event arrives on the driver's thread; wait for it to be printed before interrupting.
        while (!output().contains("Suspended Paused")) {
            Thread.sleep(5);
        }
        thread.interrupt();
        thread.join(5_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(output()).isEqualTo("event 'lifecycle' for domain 'test': Suspended Paused\nevents received: 1\n");
        assertClosed();
    }

    @Test
    void unknownDomainAndBadTimeoutAreErrors() {
        EventCommand event = shell.wire(new EventCommand());
        event.domain = "nope";
        assertThat(shell.fail(event)).isEqualTo("error: failed to get domain 'nope'");
        event.domain = null;
        event.timeout = 0;
        assertThat(shell.fail(event)).isEqualTo("error: Numeric value '0' for <timeout> option is malformed or out of range");
        assertThat(shell.registrations.get()).isZero();
        assertThat(shell.opened).allSatisfy(c -> assertThat(c.isAlive()).isFalse());
    }

    private Thread start(EventCommand event) {
        Thread thread = new Thread(() -> {
            try {
                event.execute();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "virt:event");
        thread.start();
        return thread;
    }

    private void assertClosed() {
        assertThat(failure.get()).isNull();
        assertThat(shell.registrations.get()).isEqualTo(1);
        assertThat(shell.openRegistrations.get()).isZero();
        assertThat(shell.opened).hasSize(1).allSatisfy(c -> assertThat(c.isAlive()).isFalse());
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
