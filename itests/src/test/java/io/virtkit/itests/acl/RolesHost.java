package io.virtkit.itests.acl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import io.virtkit.itests.hosts.FixtureFiles;
import io.virtkit.itests.hosts.HostCommand;
import io.virtkit.itests.hosts.HostsFixture;
import io.virtkit.itests.hosts.Namespaces;
import io.virtkit.itests.hosts.TestPki;
import io.virtkit.itests.hosts.VirtkitDaemon;

/**
 * The console roles tests' host: the distribution unpacked and started as users start it ({@link VirtkitDaemon}) in
 * a network namespace of its own ({@value #NETNS}: its console's ssh port and remote daemon on the namespace's
 * loopback only), with one console user per group of the distribution, added as the README says: {@link #VIEWER}
 * in viewergroup with a password (etc/users.properties), {@link #OPERATOR} in operatorgroup and {@link #ADMIN} in
 * admingroup by public key (etc/keys.properties). Closing kills the daemon, removes the namespace and deletes the
 * files, whatever happened.
 */
final class RolesHost extends HostsFixture {

    static final String VIEWER = "vkview";
    static final String OPERATOR = "vkoper";
    static final String ADMIN = "vkadmin";
    private static final String PREFIX = "vkka-";
    private static final String NETNS = PREFIX + "acl";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration CONSOLE_BOUND = Duration.ofSeconds(60);

    private VirtkitDaemon daemon;

    private RolesHost(Path dir) {
        super(dir);
    }

    static RolesHost start() throws Exception {
        return made(new RolesHost(freshDir(Path.of("target/acl").toAbsolutePath(), RolesHost::removeLeftovers)));
    }

    @Override
    protected void make() throws Exception {
        Namespaces.ip("netns", "add", NETNS);
        Namespaces.ip("-n", NETNS, "link", "set", "lo", "up");
        TestPki pki = TestPki.create(dir.resolve("pki"), LOOPBACK);
        daemon = VirtkitDaemon.install("acl", NETNS, LOOPBACK, FixtureFiles.distributionTarball(), dir.resolve("host"), pki);
        opened.add(0, daemon);
        addPasswordUser(VIEWER, "viewergroup");
        daemon.addConsoleUser(OPERATOR, "operatorgroup");
        daemon.addConsoleUser(ADMIN, "admingroup");
        daemon.start();
    }

    /**
     * {@code USER = PASSWORD,_g_:GROUP} in etc/users.properties, and the program OpenSSH's {@code ssh} asks for the
     * password ({@code SSH_ASKPASS}: it prints it), readable by the tests only.
     */
    private void addPasswordUser(String user, String group) throws IOException {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Files.writeString(daemon.dir().resolve("karaf/etc/users.properties"),
                "\n" + user + " = " + password + ",_g_:" + group + "\n", StandardOpenOption.APPEND);
        Path askpass = askpass(user);
        Files.writeString(askpass, "#!/bin/sh\necho '" + password + "'\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
    }

    private Path askpass(String user) {
        return dir.resolve("askpass-" + user);
    }

    /**
     * Console commands as {@code user}, with OpenSSH's {@code ssh} in the namespace: by password for
     * {@link #VIEWER} (given by {@code SSH_ASKPASS}, no terminal), by public key for the others.
     */
    HostCommand.Result console(String user, String commands) {
        if (!user.equals(VIEWER)) {
            return daemon.consoleAs(user, CONSOLE_BOUND, commands);
        }
        return HostCommand.run(CONSOLE_BOUND, HostCommand.inNetns(daemon.netns(), "env",
                "SSH_ASKPASS=" + askpass(user), "SSH_ASKPASS_REQUIRE=force", "ssh", "-T", "-p", "8101",
                "-o", "BatchMode=no", "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
                "-o", "NumberOfPasswordPrompts=1", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", user + "@" + LOOPBACK, commands));
    }

    /**
     * {@link #console} for a command that changes nothing (a read, or one the user is refused), run again (once)
     * when ssh ended with 255 and said nothing: the answer came but the exit status did not (see
     * {@link VirtkitDaemon#consoleRead}).
     */
    HostCommand.Result consoleRead(String user, String commands) {
        HostCommand.Result result = console(user, commands);
        if (result.exit() == 255 && result.err().isBlank()) {
            return console(user, commands);
        }
        return result;
    }

    /** A file in the fixture's directory (the daemon shares the file system: its commands read such files). */
    Path file(String name) {
        return dir.resolve(name);
    }

    @Override
    protected List<VirtkitDaemon> hostDaemons() {
        return Stream.of(daemon).filter(java.util.Objects::nonNull).toList();
    }

    @Override
    protected void removeNamespaces() {
        removeLeftovers();
    }

    private static void removeLeftovers() {
        Namespaces.removeLeftovers(PREFIX);
    }
}
