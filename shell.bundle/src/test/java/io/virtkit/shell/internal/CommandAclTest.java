package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distribution's command ACL for the scope virt ({@code etc/org.apache.karaf.command.acl.virt.cfg}) against
 * the commands this bundle declares: Karaf lets anyone run a command of a configured scope that has no line (the
 * file's {@code *} line keeps such a one to admins, but the role a command needs is a decision, so every command
 * must have its line), and the groups of {@code etc/users.properties} and {@code etc/keys.properties} give the
 * roles cumulatively.
 */
class CommandAclTest {

    private static final Path ETC = Path.of("../distribution/src/main/resources/assembly/etc");
    private static final List<String> VIEWER = List.of("viewer", "operator", "admin");
    private static final List<String> OPERATOR = List.of("operator", "admin");
    private static final List<String> ADMIN = List.of("admin");
    /** {@code command[/regex/]}: Karaf's line for a command called with arguments that match. */
    private static final Pattern ARGUMENT_LINE = Pattern.compile("([a-z-]+)\\[/(.*)/\\]");

    private static Map<String, List<String>> acl;
    private static Map<String, Class<?>> commands;

    @BeforeAll
    static void read() throws Exception {
        acl = new TreeMap<>();
        Properties file = properties("org.apache.karaf.command.acl.virt.cfg");
        file.stringPropertyNames().forEach(key -> acl.put(key, roles(file.getProperty(key))));
        commands = new TreeMap<>();
        for (Class<?> type : CommandDeclarationsTest.commandClasses()) {
            commands.put(type.getAnnotation(Command.class).name(), type);
        }
    }

    @Test
    void everyCommandHasItsLineNamingEveryRoleAllowed() {
        assertThat(commands).hasSizeGreaterThan(100);
        for (String command : commands.keySet()) {
            assertThat(acl).as("virt:" + command + " has no line in the ACL").containsKey(command);
            assertThat(acl.get(command)).as("virt:" + command).isIn(VIEWER, OPERATOR, ADMIN);
        }
    }

    @Test
    void everyLineNamesADeclaredCommandAndOneOfItsOptions() {
        for (String key : acl.keySet()) {
            if (key.equals("*")) {
                continue;
            }
            Matcher argument = ARGUMENT_LINE.matcher(key);
            String command = argument.matches() ? argument.group(1) : key;
            assertThat(commands).as("line '" + key + "' names no command").containsKey(command);
            if (argument.matches()) {
                // an argument line refuses an option: renamed, it would silently let everyone use it
                Matcher option = Pattern.compile("--[a-z-]+").matcher(argument.group(2));
                assertThat(option.find()).as(key).isTrue();
                assertThat(optionNames(commands.get(command))).as(key).contains(option.group());
                assertThat(acl.get(key)).as(key).isEqualTo(ADMIN);
                assertThat(acl.get(command)).as(key + ": the command itself is for fewer roles").isNotEqualTo(ADMIN);
            }
        }
    }

    @Test
    void aCommandWithoutItsOwnLineIsForAdminsOnly() {
        assertThat(acl).containsEntry("*", ADMIN);
    }

    /** The issue's words: who may look, who may run the domains, who may change what there is. */
    @Test
    void theRolesSplitAsTheIssueSays() {
        for (String look : List.of("list", "dominfo", "dumpxml", "event", "domstats", "net-list", "pool-info",
                "vol-dumpxml", "version", "nodeinfo", "srv-info", "srv-clients", "cluster-list")) {
            assertThat(acl.get(look)).as(look).isEqualTo(VIEWER);
        }
        for (String lifecycle : List.of("start", "shutdown", "destroy", "suspend", "resume", "reboot", "console")) {
            assertThat(acl.get(lifecycle)).as(lifecycle).isEqualTo(OPERATOR);
        }
        for (String change : List.of("define", "undefine", "create", "attach-device", "setmem", "snapshot-create-as",
                "save", "managedsave", "net-define", "net-start", "pool-define", "vol-delete", "migrate",
                "srv-client-disconnect", "cluster-define", "qemu-monitor-command")) {
            assertThat(acl.get(change)).as(change).isEqualTo(ADMIN);
        }
        assertThat(acl.get("dumpxml[/.*--security-info.*/]")).isEqualTo(ADMIN);
    }

    /** The shell reads and writes files as the daemon's user: a file argument is an admin's. */
    @Test
    void noViewerOrOperatorCommandTakesAFile() {
        for (Map.Entry<String, Class<?>> command : commands.entrySet()) {
            if (ADMIN.equals(acl.get(command.getKey()))) {
                continue;
            }
            for (Field field : CommandDeclarationsTest.fields(command.getValue())) {
                Completion completion = field.getAnnotation(Completion.class);
                assertThat(completion == null ? null : completion.value()).as(command.getKey() + " " + field.getName())
                        .isNotEqualTo(FileCompleter.class);
                Argument argument = field.getAnnotation(Argument.class);
                assertThat(argument == null ? "" : argument.name()).as(command.getKey()).isNotEqualTo("file");
            }
        }
    }

    @Test
    void theGroupsHoldTheRolesCumulativelyForPasswordAndKeyUsers() throws IOException {
        Properties users = properties("users.properties");
        Properties keys = properties("keys.properties");
        for (String group : List.of("viewergroup", "operatorgroup", "admingroup")) {
            assertThat(keys.getProperty("_g_:" + group)).as(group).isEqualTo(users.getProperty("_g_:" + group));
        }
        Set<String> viewer = groupRoles(users, "viewergroup");
        Set<String> operator = groupRoles(users, "operatorgroup");
        Set<String> admin = groupRoles(users, "admingroup");
        assertThat(viewer).containsExactlyInAnyOrder("viewer", "ssh");
        assertThat(operator).containsExactlyInAnyOrder("viewer", "operator", "ssh");
        // Karaf's own commands need manager and systembundles (bundle:*, config:*)
        assertThat(admin).containsExactlyInAnyOrder("viewer", "operator", "admin", "manager", "systembundles", "ssh");
        // no user is shipped: ./virtkit generates its own with a random password
        assertThat(users.stringPropertyNames()).allMatch(name -> name.startsWith("_g_:"));
        assertThat(keys.stringPropertyNames()).allMatch(name -> name.startsWith("_g_:"));
    }

    private static Set<String> groupRoles(Properties users, String group) {
        List<String> entries = roles(users.getProperty("_g_:" + group));
        assertThat(entries).as(group).startsWith("group"); // Karaf's mark of a group line
        return new LinkedHashSet<>(entries.subList(1, entries.size()));
    }

    private static List<String> optionNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Field field : CommandDeclarationsTest.fields(type)) {
            Option option = field.getAnnotation(Option.class);
            if (option != null) {
                names.add(option.name());
                names.addAll(Arrays.asList(option.aliases()));
            }
        }
        return names;
    }

    /** Karaf's reading of a value: roles separated by commas, anything after '#' a comment. */
    private static List<String> roles(String value) {
        String roles = value.contains("#") ? value.substring(0, value.indexOf('#')) : value;
        return Arrays.stream(roles.split(",")).map(String::strip).filter(r -> !r.isEmpty()).toList();
    }

    private static Properties properties(String file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ETC.resolve(file))) {
            properties.load(reader);
        }
        return properties;
    }
}
