package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.Registration;
import io.virtkit.api.XmlFlag;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.test.internal.TestDriver;

/**
 * The commands wired as Karaf would wire them, to the real connection factory of io.virtkit.core and a
 * fresh in-memory test driver, with every connection and event registration a command opens recorded so
 * that tests can check they were closed. Runs commands with {@code System.out} captured.
 *
 * <p>A JUnit extension: a test class holds one per test as
 * {@code @RegisterExtension final ShellHarness shell = new ShellHarness();}, and after each test (after the
 * class's own {@code @AfterEach} methods) it checks that the commands left no connection or event
 * registration open, then closes itself.
 */
final class ShellHarness implements AfterEachCallback {

    final TestDriver driver = new TestDriver();
    final DefaultConnectionFactory core = new DefaultConnectionFactory();
    final List<Connection> opened = new CopyOnWriteArrayList<>();
    final AtomicInteger openRegistrations = new AtomicInteger();
    final AtomicInteger registrations = new AtomicInteger();
    final ConnectionFactory factory = new RecordingFactory();
    final ShellSettings settings = new ShellSettings(config("test:///default"));
    private final Connection api;

    ShellHarness() {
        core.addHypervisorDriver(driver, Map.of("service.id", 1L)); // the test stands in for SCR
        api = core.open("test:///default");
    }

    /** A connection of the test's own, to prepare and check state behind the commands' backs. */
    Connection api() {
        return api;
    }

    /** The live XML of the test driver's running domain 'test'. */
    String liveXml() {
        return api.lookupDomainByName("test").xml();
    }

    /** The XML 'test' is defined with, as it would boot next. */
    String configXml() {
        return api.lookupDomainByName("test").xml(XmlFlag.INACTIVE);
    }

    <T extends ConnectedCommand> T wire(T command) {
        return wire(command, factory);
    }

    /** A command wired to another factory, a fake playing what the test driver cannot (see {@link Fakes}). */
    <T extends ConnectedCommand> T wire(T command, ConnectionFactory connections) {
        command.connectionFactory = connections;
        command.settings = settings;
        return command;
    }

    /** A command wired and aimed at {@code domain} (a name, id or UUID, as typed). */
    <T extends DomainCommand> T on(T command, String domain) {
        wire(command).domain = domain;
        return command;
    }

    <T extends ConnectionCompleter> T wire(T completer) {
        completer.connectionFactory = factory;
        completer.settings = settings;
        return completer;
    }

    /** Runs a command and returns what it printed. */
    String run(Action command) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            command.execute();
        } finally {
            System.setOut(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /** Runs a command that must fail, and returns the one line Karaf would print. */
    String fail(Action command) {
        CommandException e = catchThrowableOfType(CommandException.class, () -> run(command));
        if (e == null) {
            throw new AssertionError(command.getClass().getSimpleName() + " did not fail");
        }
        return e.getNiceHelp();
    }

    static ShellSettings.Config config(String defaultUri) {
        return new ShellSettings.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ShellSettings.Config.class;
            }

            @Override
            public String defaultUri() {
                return defaultUri;
            }
        };
    }

    /** Checks first and closes in any case, so that a failed check leaves nothing open behind it. */
    @Override
    public void afterEach(ExtensionContext context) {
        try {
            assertThat(opened).as("connections the commands opened")
                    .allSatisfy(c -> assertThat(c.isAlive()).as("closed").isFalse());
            assertThat(openRegistrations).as("event registrations the commands left open").hasValue(0);
        } finally {
            close();
        }
    }

    private void close() {
        api.close();
        driver.close();
    }

    private final class RecordingFactory implements ConnectionFactory {
        @Override
        public Connection open(ConnectRequest request) {
            Connection connection = core.open(request);
            opened.add(connection);
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        Object result = invoke(connection, method, args);
                        if (method.getName().equals("addDomainEventListener")) {
                            return recording((Registration) result);
                        }
                        return result;
                    });
        }

        @Override
        public List<DriverInfo> drivers() {
            return core.drivers();
        }
    }

    private Registration recording(Registration registration) {
        registrations.incrementAndGet();
        openRegistrations.incrementAndGet();
        return new Registration() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    openRegistrations.decrementAndGet();
                }
                registration.close();
            }
        };
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
