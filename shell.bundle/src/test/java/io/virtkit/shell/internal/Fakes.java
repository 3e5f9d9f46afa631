package io.virtkit.shell.internal;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.Domain;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * Stand-ins for what the test driver cannot play: a domain of another driver (a QEMU domain, a domain
 * with a console), the connection serving it, and a Karaf session with a terminal. Each answers only the
 * methods a test gives it and fails loudly on any other call.
 */
final class Fakes {

    private Fakes() {
    }

    /** A proxy of {@code type} answering the named methods; anything else is a test error. */
    static <T> T of(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return type.cast(Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    Function<Object[], Object> answer = answers.get(method.getName());
                    if (answer != null) {
                        return answer.apply(args == null ? new Object[0] : args);
                    }
                    return switch (method.getName()) {
                        case "toString" -> "fake " + type.getSimpleName();
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
                    };
                }));
    }

    /** A connection factory whose every connection serves {@code domain} by its name and counts closes. */
    static final class OneDomainFactory implements ConnectionFactory {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final Map<String, Function<Object[], Object>> connectionAnswers = new HashMap<>();
        private final String name;
        private Domain domain;

        OneDomainFactory(String name) {
            this.name = name;
        }

        void serve(Domain served) {
            this.domain = served;
        }

        @Override
        public Connection open(ConnectRequest request) {
            String uri = request.uri();
            opened.incrementAndGet();
            Map<String, Function<Object[], Object>> answers = new HashMap<>(connectionAnswers);
            answers.put("uri", a -> uri);
            answers.put("close", a -> {
                closed.incrementAndGet();
                return null;
            });
            answers.put("lookupDomainByName", a -> {
                if (name.equals(a[0])) {
                    return domain;
                }
                throw new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.DOMAIN,
                        "no domain with matching name '" + a[0] + "'");
            });
            return of(Connection.class, answers);
        }

        @Override
        public List<DriverInfo> drivers() {
            return List.of();
        }
    }

    /** A Karaf session with a terminal whose echo flag is observable, and the given keyboard and screen. */
    static Session session(InputStream keyboard, PrintStream screen, AtomicBoolean echo) {
        Terminal terminal = of(Terminal.class, Map.of(
                "isEchoEnabled", a -> echo.get(),
                "setEchoEnabled", a -> {
                    echo.set((Boolean) a[0]);
                    return null;
                }));
        return of(Session.class, Map.of(
                "getTerminal", a -> terminal,
                "getKeyboard", a -> keyboard,
                "getConsole", a -> screen,
                "get", a -> null));
    }
}
