package io.virtkit.itests.acl;

import static io.virtkit.itests.acl.RolesHost.ADMIN;
import static io.virtkit.itests.acl.RolesHost.OPERATOR;
import static io.virtkit.itests.acl.RolesHost.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.virtkit.itests.hosts.HostCommand;

/**
 * The console's roles as users meet them: the distribution started once, three users logging in with OpenSSH's
 * {@code ssh}, one in each of the distribution's groups (the viewer by password, the others by public key). Each
 * runs its role's {@code virt:*} commands on the test driver ({@code test:///default}, which keeps its domains while
 * the daemon runs) and is refused the next role's with Karaf's wording: a command beyond the role is hidden ("Command not found"), one refused for its
 * options answers "Insufficient credentials."; what a refused command would have changed is checked unchanged.
 */
class ConsoleRolesIT {

    private static RolesHost host;

    @BeforeAll
    static void start() throws Exception {
        host = RolesHost.start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void aViewerLooks() {
        for (String look : List.of("list --all", "dominfo test", "dumpxml test", "domstats test", "net-list --all",
                "pool-list --all", "nodeinfo", "version")) {
            assertThat(runs(VIEWER, look)).as(look).isNotBlank();
        }
        assertThat(runs(VIEWER, "list --all")).containsPattern("test\\s+running");
        HostCommand.Result daemon = host.consoleRead(VIEWER, "virt:srv-info"); // opens no connection
        assertThat(daemon.exit()).as(daemon.toString()).isZero();
        assertThat(daemon.out()).contains("Max clients:");
    }

    @Test
    void aViewerIsRefusedTheOperatorsCommandsAndNothingChanges() {
        assertThat(refused(VIEWER, "destroy test")).contains(notFound("destroy"));
        assertThat(refused(VIEWER, "suspend test")).contains(notFound("suspend"));
        assertThat(state("test")).isEqualTo("running");
        // the command is there for a viewer, not with this option
        assertThat(refused(VIEWER, "dumpxml --security-info test")).contains(INSUFFICIENT);
    }

    @Test
    void aViewerIsRefusedTheAdminsCommandsAndNothingChanges() throws IOException {
        Path xml = domainXml("vkka-viewer");
        assertThat(refused(VIEWER, "define " + xml)).contains(notFound("define"));
        assertThat(refused(VIEWER, "net-destroy default")).contains(notFound("net-destroy"));
        assertThat(runs(ADMIN, "list --all")).doesNotContain("vkka-viewer");
        assertThat(runs(ADMIN, "net-list")).containsPattern("default\\s+active");
    }

    @Test
    void anOperatorRunsAnExistingDomainThroughItsLifecycle() throws IOException {
        runs(ADMIN, "define " + domainXml("vkka-operated"));
        assertThat(runs(OPERATOR, "list --all")).containsPattern("vkka-operated\\s+shut off");
        runs(OPERATOR, "start vkka-operated");
        assertThat(state("vkka-operated")).isEqualTo("running");
        runs(OPERATOR, "suspend vkka-operated");
        assertThat(state("vkka-operated")).isEqualTo("paused");
        runs(OPERATOR, "resume vkka-operated");
        assertThat(state("vkka-operated")).isEqualTo("running");
        runs(OPERATOR, "destroy vkka-operated");
        assertThat(state("vkka-operated")).isEqualTo("shut off");
        runs(ADMIN, "undefine vkka-operated");
    }

    @Test
    void anOperatorIsRefusedTheAdminsCommandsAndNothingChanges() throws IOException {
        runs(ADMIN, "define " + domainXml("vkka-kept"));
        String before = runs(ADMIN, "dumpxml vkka-kept");
        assertThat(refused(OPERATOR, "undefine vkka-kept")).contains(notFound("undefine"));
        assertThat(refused(OPERATOR, "setmem --config vkka-kept 65536")).contains(notFound("setmem"));
        assertThat(refused(OPERATOR, "autostart vkka-kept")).contains(notFound("autostart"));
        assertThat(refused(OPERATOR, "define " + domainXml("vkka-not-defined"))).contains(notFound("define"));
        assertThat(refused(OPERATOR, "dumpxml --security-info vkka-kept")).contains(INSUFFICIENT);
        assertThat(runs(ADMIN, "dumpxml vkka-kept")).isEqualTo(before);
        assertThat(runs(ADMIN, "list --all")).contains("vkka-kept").doesNotContain("vkka-not-defined");
        runs(ADMIN, "undefine vkka-kept");
    }

    @Test
    void anAdminDoesEverything() throws IOException {
        runs(ADMIN, "define " + domainXml("vkka-admin"));
        runs(ADMIN, "start vkka-admin");
        assertThat(runs(ADMIN, "dumpxml --security-info vkka-admin")).contains("<name>vkka-admin</name>");
        runs(ADMIN, "destroy vkka-admin");
        runs(ADMIN, "undefine vkka-admin");
        assertThat(runs(ADMIN, "list --all")).doesNotContain("vkka-admin");
    }

    private static final String INSUFFICIENT = "Insufficient credentials.";

    /** Karaf's answer to a command hidden from the user's roles. */
    private static String notFound(String command) {
        return "Command not found: virt:" + command;
    }

    /** {@code virt:COMMAND} on test:///default (-c before the arguments: Karaf reads options there only). */
    private static String onTest(String command) {
        int space = command.indexOf(' ');
        String verb = space < 0 ? command : command.substring(0, space);
        return "virt:" + verb + " -c test:///default" + (space < 0 ? "" : command.substring(space));
    }

    /** The output of {@code virt:COMMAND} on test:///default, failing unless it succeeded. */
    private static String runs(String user, String command) {
        HostCommand.Result result = host.console(user, onTest(command));
        assertThat(result.exit()).as(user + ": " + command + " -> " + result + "\n" + host.logs()).isZero();
        return result.out();
    }

    /**
     * What the console said refusing {@code virt:COMMAND} on test:///default, without Karaf's colours (a refusal
     * changes nothing: asked again when ssh lost the answer).
     */
    private static String refused(String user, String command) {
        HostCommand.Result result = host.consoleRead(user, onTest(command));
        assertThat(result.exit()).as(user + ": " + command + " -> " + result).isNotZero();
        return (result.out() + result.err()).replaceAll("\u001B\\[[0-9;]*m", "");
    }

    private static String state(String domain) {
        return host.consoleRead(ADMIN, onTest("domstate " + domain)).out().strip();
    }

    /** A persistent domain of the test driver, in a file the daemon reads. */
    private static Path domainXml(String name) throws IOException {
        Path file = host.file(name + ".xml");
        Files.writeString(file, "<domain type='test'><name>" + name + "</name><memory unit='KiB'>131072</memory>"
                + "<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>\n");
        return file;
    }
}
