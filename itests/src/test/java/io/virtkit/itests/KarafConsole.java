package io.virtkit.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Set;
import java.util.function.Predicate;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.support.ShellUtil;

/** Runs console commands in the container as a console user sees them: output plus Karaf's error line. */
final class KarafConsole {

    /** What a console user sees for one command: its output, and the error line the console prints. */
    record Result(String console, Throwable failure) {
    }

    // As a console user of the admin group (what ./virtkit's generated user is): Karaf's command ACLs
    // hide e.g. feature:install from a session without that role.
    private static final Subject ADMIN = new Subject(true,
            Set.of(new UserPrincipal("itest"), new RolePrincipal("admin"), new RolePrincipal("manager"),
                    new RolePrincipal("viewer"), new RolePrincipal("systembundles")),
            Set.of(), Set.of());

    private final SessionFactory sessionFactory;
    private final long waitMillis;

    KarafConsole(SessionFactory sessionFactory, long waitMillis) {
        this.sessionFactory = sessionFactory;
        this.waitMillis = waitMillis;
    }

    Result run(String command) {
        return run(command, "");
    }

    /** Runs {@code command} with {@code input} as what the person types (e.g. answers to a password prompt). */
    Result run(String command, String input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
                out);
        Throwable failure = null;
        try {
            Subject.doAs(ADMIN, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
        } catch (PrivilegedActionException e) {
            failure = e.getCause();
            ShellUtil.logException(session, failure);
        } catch (Throwable t) {
            failure = t;
            // Exactly what Karaf's console and bin/client print for a failed command.
            ShellUtil.logException(session, t);
        } finally {
            out.flush();
            session.close();
        }
        return new Result(bytes.toString(StandardCharsets.UTF_8), failure);
    }

    String runOk(String command) {
        Result result = run(command);
        if (result.failure() != null) {
            throw new AssertionError("'" + command + "' failed: " + result.console(), result.failure());
        }
        return result.console();
    }

    /** Runs the command until it succeeds with the expected output: services and commands appear asynchronously. */
    String awaitOutput(String command, Predicate<String> expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        Result last;
        do {
            last = run(command);
            if (last.failure() == null && expected.test(last.console())) {
                return last.console();
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("'" + command + "' did not give the expected output within "
                + waitMillis + " ms; last output: " + last.console(), last.failure());
    }
}
