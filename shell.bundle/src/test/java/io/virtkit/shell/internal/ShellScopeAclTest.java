package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;

import org.apache.karaf.service.guard.tools.ACLConfigurationParser;
import org.apache.karaf.service.guard.tools.ACLConfigurationParser.Specificity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distribution's ACL for Karaf's shell scope ({@code etc/org.apache.karaf.command.acl.shell.cfg}), decided
 * by Karaf's own parser as the console decides it ({@code SecuredSessionFactoryImpl}: the arguments' list as one
 * string; no matching line lets anyone): what would take a viewer around the virt:* ACL is an admin's, what
 * piping a command's output and an interactive login need is not.
 */
class ShellScopeAclTest {

    private static Hashtable<String, Object> shell;

    @BeforeAll
    static void read() throws IOException {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(
                Path.of("../distribution/src/main/resources/assembly/etc/org.apache.karaf.command.acl.shell.cfg"))) {
            file.load(reader);
        }
        shell = new Hashtable<>();
        file.stringPropertyNames().forEach(key -> shell.put(key, file.getProperty(key)));
        shell.put("service.pid", "org.apache.karaf.command.acl.shell");
    }

    @Test
    void methodCallsAreAnAdmins() {
        assertThat(viewerMay(".invoke", "[org.apache.felix.framework.BundleContextImpl@5e9f23b4, getServiceReference, "
                + "[io.virtkit.api.ConnectionFactory]]")).isFalse();
        assertThat(viewerMay(".invoke", "[java.lang.Runtime@1b6d3586, exec, [rm -rf /]]")).isFalse();
        assertThat(adminMay(".invoke", "[java.lang.Runtime@1b6d3586, exec, [ls]]")).isTrue();
        // none on the terminal either: the distribution's shell.init.script calls no method
        assertThat(viewerMay(".invoke", "[SshTerminal[name=Karaf SSH terminal, type=xterm-256color, size=Size[cols=80, "
                + "rows=24]], getNumericCapability, [max_colors]]")).isFalse();
    }

    @Test
    void filesAreAnAdminsAndTheStandardInputEverybodys() {
        assertThat(viewerMay(".redirect", "[/etc/cron.d/job, 2]")).isFalse();
        assertThat(viewerMay("cat", "[/root/virtkit/.virtkit/credentials]")).isFalse();
        assertThat(viewerMay("cat", "[]")).isFalse();
        assertThat(viewerMay("source", "[file:/etc/shadow]")).isFalse();
        assertThat(viewerMay("ls", "[/]")).isFalse();
        for (String reader : List.of("grep", "head", "tail", "less", "sort", "wc")) {
            assertThat(viewerMay(reader, "[/etc/shadow]")).as(reader).isFalse();
            assertThat(viewerMay(reader, "[-n, ~root]")).as(reader).isFalse();
            assertThat(adminMay(reader, "[/etc/shadow]")).as(reader).isTrue();
        }
        assertThat(viewerMay("grep", "[-i, running]")).isTrue(); // virt:list | grep -i running
        assertThat(viewerMay("less", "[-F]")).isTrue(); // help's more
        assertThat(viewerMay("head", "[-n, 5]")).isTrue();
        assertThat(viewerMay("echo", "[hello]")).isTrue();
        assertThat(viewerMay("logout", "[]")).isTrue();
    }

    @Test
    void changingTheConsoleForEverybodyIsAnAdmins() {
        for (String command : List.of("addCommand", "removeCommand", "kill", "exec", "new", "java")) {
            assertThat(viewerMay(command, "[]")).as(command).isFalse();
        }
    }

    private static boolean viewerMay(String command, String arguments) {
        return allowed(command, arguments, "viewer") || allowed(command, arguments, "operator");
    }

    private static boolean adminMay(String command, String arguments) {
        return allowed(command, arguments, "admin");
    }

    /** SecuredSessionFactoryImpl.checkSecurity's decision for a user with {@code role} only. */
    private static boolean allowed(String command, String arguments, String role) {
        List<String> roles = new ArrayList<>();
        Specificity match = ACLConfigurationParser.getRolesForInvocation(command, new Object[] {arguments}, null,
                shell, roles);
        return match == Specificity.NO_MATCH || roles.contains(role);
    }
}
