package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.junit.jupiter.api.Test;

import io.virtkit.api.admin.RemoteDaemon;
import io.virtkit.api.cluster.Cluster;

/**
 * What Karaf reads from the command classes, checked over every class of the bundle the way Karaf's
 * command extender finds them (Karaf-Commands: * scans them all): scope, help text on every command,
 * argument and option, the inherited --connect option, and completers on DOMAIN and FILE arguments.
 */
class CommandDeclarationsTest {

    static final List<String> VERBS = List.of("attach-device", "attach-disk", "attach-interface", "autostart", "capabilities", "change-media", "console",
            "cluster-define", "cluster-dumpxml", "cluster-hosts", "cluster-list", "cluster-migrate", "cluster-set-ha",
            "cluster-start", "cluster-status", "cluster-stop", "cluster-undefine", "cluster-update",
            "create", "define", "destroy", "detach-device", "detach-disk", "detach-interface", "update-device",
            "domcapabilities", "domdisplay", "domid", "domiflist", "dominfo", "domjobabort", "domjobinfo", "migrate", "domname", "domstate", "domstats", "domuuid", "domxml-to-native",
            "drivers", "dumpxml", "event", "hostname", "list", "managedsave", "managedsave-remove", "save", "restore",
            "net-autostart", "net-create", "net-define",
            "net-destroy", "net-dhcp-leases", "net-dumpxml", "net-info", "net-list", "net-start", "net-undefine",
            "nodeinfo", "pool-autostart", "pool-build", "pool-create", "pool-create-as", "pool-define", "pool-define-as",
            "pool-delete", "pool-destroy", "pool-dumpxml", "pool-info", "pool-list", "pool-refresh", "pool-start",
            "pool-undefine", "qemu-monitor-command", "reboot",
            "setmem", "setmaxmem", "setvcpus", "vcpucount", "domxml-from-native", // memory and vCPUs
            "resume", "shutdown",
            "snapshot-create-as", "snapshot-current", "snapshot-delete", "snapshot-dumpxml", "snapshot-list",
            "snapshot-revert", "srv-client-disconnect", "srv-clients", "srv-info", "start", "suspend", "sysinfo", "undefine", "uri",
            "version", "vol-clone", "vol-create", "vol-create-as", "vol-delete", "vol-download", "vol-dumpxml", "vol-info",
            "vol-key", "vol-list", "vol-name", "vol-path", "vol-pool", "vol-resize", "vol-upload", "vol-wipe");

    @Test
    void everyVerbIsAServiceCommandInScopeVirtWithHelpText() throws Exception {
        List<Class<?>> commands = commandClasses();
        assertThat(commands).extracting(c -> c.getAnnotation(Command.class).name())
                .containsExactlyInAnyOrderElementsOf(VERBS);
        for (Class<?> type : commands) {
            Command command = type.getAnnotation(Command.class);
            assertThat(command.scope()).as(type.getName()).isEqualTo("virt");
            assertThat(command.description()).as(type.getName()).isNotBlank();
            assertThat(command.detailedDescription()).as(type.getName()).isNotBlank();
            assertThat(type.getAnnotation(Service.class)).as(type.getName()).isNotNull();
            assertThat(Action.class).isAssignableFrom(type);
            for (Field field : fields(type)) {
                Option option = field.getAnnotation(Option.class);
                Argument argument = field.getAnnotation(Argument.class);
                if (option != null) {
                    assertThat(option.description()).as(type.getSimpleName() + " " + option.name()).isNotBlank();
                }
                if (argument != null) {
                    assertThat(argument.description()).as(type.getSimpleName() + " " + argument.name()).isNotBlank();
                    // domstats alone takes any number of domains, none meaning all of them; change-media's
                    // SOURCE is optional (--eject, or --update without it, takes no medium)
                    assertThat(argument.required()).as(type.getSimpleName() + " " + argument.name())
                            .isEqualTo(type != DomStatsCommand.class
                                    && !(type == ChangeMediaCommand.class && argument.name().equals("source"))
                                    // a snapshot's name is optional: the time in seconds
                                    && !(type == SnapshotCreateAsCommand.class && argument.name().equals("name"))
                                    // without a host, cluster-migrate's placement chooses one
                                    && !(type == ClusterMigrateCommand.class && argument.name().equals("host")));
                }
            }
        }
    }

    @Test
    void everyConnectingCommandHasTheConnectOptionWithUriCompletion() throws Exception {
        for (Class<?> type : commandClasses()) {
            if (!ConnectedCommand.class.isAssignableFrom(type)) {
                // drivers, the remote daemon's and the cluster's verbs open no connection
                assertThat(type == DriversCommand.class || DaemonCommand.class.isAssignableFrom(type)
                        || ClusterCommand.class.isAssignableFrom(type))
                        .as(type.getName()).isTrue();
                continue;
            }
            Field connect = fields(type).stream().filter(f -> f.getName().equals("connect")).findFirst().orElseThrow();
            Option option = connect.getAnnotation(Option.class);
            assertThat(option.name()).isEqualTo("-c");
            assertThat(option.aliases()).containsExactly("--connect");
            assertThat(connect.getAnnotation(Completion.class).value()).isEqualTo(UriCompleter.class);
        }
    }

    @Test
    void domainAndFileArgumentsHaveCompleters() throws Exception {
        for (Class<?> type : commandClasses()) {
            for (Field field : fields(type)) {
                Argument argument = field.getAnnotation(Argument.class);
                if (argument == null) {
                    continue;
                }
                Class<?> completer = field.getAnnotation(Completion.class) == null ? null
                        : field.getAnnotation(Completion.class).value();
                if (argument.name().equals("file")) {
                    assertThat(completer).as(type.getSimpleName()).isEqualTo(FileCompleter.class);
                } else if (argument.name().equals("format")) {
                    assertThat(completer).isEqualTo(StringsCompleter.class);
                    assertThat(field.getAnnotation(Completion.class).values()).containsExactly(
                            type == DomXmlFromNativeCommand.class ? "vmware-vmx" : "qemu-argv");
                } else if (argument.name().equals("command")) {
                    assertThat(type).isEqualTo(QemuMonitorCommand.class); // free-form JSON: nothing to offer
                    assertThat(completer).isNull();
                } else if (argument.name().equals("type") && type.getSuperclass() == PoolAsCommand.class) {
                    assertThat(completer).isEqualTo(StringsCompleter.class);
                    assertThat(field.getAnnotation(Completion.class).values()).contains("dir", "fs", "logical");
                } else if (argument.name().equals("pool")) {
                    assertThat(completer).as(type.getSimpleName()).isEqualTo(StoragePoolCompleter.class);
                } else if (argument.name().equals("vol")) {
                    assertThat(completer).as(type.getSimpleName()).isEqualTo(StorageVolumeCompleter.class);
                } else if (List.of("name", "capacity", "newname", "size", "count").contains(argument.name())) {
                    // a new pool's or volume's name, a size, a vCPU count: nothing to offer
                    assertThat(completer).as(type.getSimpleName()).isNull();
                } else if (argument.name().equals("type")) {
                    assertThat(completer).isEqualTo(StringsCompleter.class);
                    assertThat(field.getAnnotation(Completion.class).values())
                            .containsExactly("network", "bridge", "ethernet", "user");
                } else if (argument.name().equals("source") && type != AttachInterfaceCommand.class) {
                    assertThat(completer).as(type.getSimpleName()).isEqualTo(DiskSourceCompleter.class);
                } else if (argument.name().equals("target") && type == AttachDiskCommand.class) {
                    assertThat(completer).as(type.getSimpleName()).isNull(); // a new disk's target
                } else if (List.of("target", "path").contains(argument.name())) {
                    assertThat(completer).as(type.getSimpleName()).isEqualTo(DiskTargetCompleter.class);
                } else if (argument.name().equals("source")) {
                    assertThat(completer).as(type.getSimpleName()).isEqualTo(InterfaceSourceCompleter.class);
                } else if (argument.name().equals("guest")) {
                    assertThat(completer).as(type.getSimpleName()).isEqualTo(ClusterGuestCompleter.class);
                } else if (argument.name().equals("host")) {
                    assertThat(completer).as(type.getSimpleName()).isEqualTo(ClusterHostCompleter.class);
                } else if (argument.name().equals("state")) {
                    assertThat(type).isEqualTo(ClusterSetHaCommand.class);
                    assertThat(completer).isEqualTo(StringsCompleter.class);
                    assertThat(field.getAnnotation(Completion.class).values()).containsExactly("on", "off");
                } else if (argument.name().equals("client")) {
                    assertThat(completer).as(type.getSimpleName()).isEqualTo(ClientIdCompleter.class);
                } else if (argument.name().equals("snapshotname")) {
                    assertThat(completer).as(type.getSimpleName()).isEqualTo(SnapshotCompleter.class);
                } else if (argument.name().equals("desturi")) {
                    assertThat(completer).as(type.getSimpleName()).isEqualTo(DestUriCompleter.class);
                } else if (argument.name().equals("network")) {
                    assertThat(completer).as(type.getSimpleName()).isEqualTo(NetworkCompleter.class);
                } else if (type != DomNameCommand.class) { // domname takes ids and UUIDs, not names
                    assertThat(completer).as(type.getSimpleName()).isEqualTo(DomainCompleter.class);
                }
            }
        }
        assertThat(DomainCompleter.class.getAnnotation(Service.class)).isNotNull();
        assertThat(UriCompleter.class.getAnnotation(Service.class)).isNotNull();
        assertThat(NetworkCompleter.class.getAnnotation(Service.class)).isNotNull();
        assertThat(InterfaceSourceCompleter.class.getAnnotation(Service.class)).isNotNull();
        assertThat(ClientIdCompleter.class.getAnnotation(Service.class)).isNotNull();
        assertThat(StoragePoolCompleter.class.getAnnotation(Service.class)).isNotNull();
        assertThat(StorageVolumeCompleter.class.getAnnotation(Service.class)).isNotNull();
        assertThat(DiskSourceCompleter.class.getAnnotation(Service.class)).isNotNull();
        assertThat(DiskTargetCompleter.class.getAnnotation(Service.class)).isNotNull();
        assertThat(SnapshotCompleter.class.getAnnotation(Service.class)).isNotNull();
        assertThat(DestUriCompleter.class.getAnnotation(Service.class)).isNotNull();
        assertThat(ClusterGuestCompleter.class.getAnnotation(Service.class)).isNotNull();
        assertThat(ClusterHostCompleter.class.getAnnotation(Service.class)).isNotNull();
    }

    /** Every vol-* verb that names a volume takes --pool, completed with pool names, as virsh's do. */
    @Test
    void volumeVerbsTakeThePoolOptionWithPoolCompletion() throws Exception {
        Field pool = StorageVolumeCommand.class.getDeclaredField("pool");
        assertThat(pool.getAnnotation(Option.class).name()).isEqualTo("--pool");
        assertThat(pool.getAnnotation(Completion.class).value()).isEqualTo(StoragePoolCompleter.class);
    }

    /**
     * Karaf's command extender tracks the references of all of a bundle's commands and completers as one:
     * a mandatory reference to the remote daemon would keep every virt:* command away while feature
     * virtkit-remote is not installed.
     */
    @Test
    void theRemoteDaemonIsAnOptionalReferenceEverywhere() throws Exception {
        List<Field> daemonReferences = new ArrayList<>();
        for (Class<?> type : bundleClasses()) {
            for (Field field : fields(type)) {
                Reference reference = field.getAnnotation(Reference.class);
                if (reference != null && field.getType() == RemoteDaemon.class) {
                    daemonReferences.add(field);
                    assertThat(reference.optional()).as(type.getSimpleName() + "." + field.getName()).isTrue();
                }
            }
        }
        assertThat(daemonReferences).extracting(Field::getDeclaringClass)
                .contains(DaemonCommand.class, ClientIdCompleter.class);
    }

    /**
     * The same for the cluster: its service is registered only while feature virtkit-cluster is installed and
     * configured, and a mandatory reference would take every virt:* command away without it.
     */
    @Test
    void theClusterIsAnOptionalReferenceEverywhere() throws Exception {
        List<Field> clusterReferences = new ArrayList<>();
        for (Class<?> type : bundleClasses()) {
            for (Field field : fields(type)) {
                Reference reference = field.getAnnotation(Reference.class);
                if (reference != null && field.getType() == Cluster.class) {
                    clusterReferences.add(field);
                    assertThat(reference.optional()).as(type.getSimpleName() + "." + field.getName()).isTrue();
                }
            }
        }
        assertThat(clusterReferences).extracting(Field::getDeclaringClass)
                .contains(ClusterCommand.class, ClusterCompleter.class);
    }

    /** Options naming a cluster host complete host names, as HOST arguments do. */
    @Test
    void clusterHostOptionsCompleteHostNames() throws Exception {
        for (Class<?> type : List.of(ClusterListCommand.class, ClusterStartCommand.class)) {
            Field host = type.getDeclaredField("host");
            assertThat(host.getAnnotation(Option.class).name()).isEqualTo("--host");
            assertThat(host.getAnnotation(Completion.class).value()).isEqualTo(ClusterHostCompleter.class);
        }
        Field connect = ClusterDefineCommand.class.getDeclaredField("connect");
        assertThat(connect.getAnnotation(Completion.class).value()).isEqualTo(UriCompleter.class);
    }

    static List<Class<?>> commandClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        return bundleClasses().stream().filter(type -> type.getAnnotation(Command.class) != null).toList();
    }

    /** Every class of the shell's package, as Karaf's command extender loads them. */
    static List<Class<?>> bundleClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(ConnectedCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path pkg = classes.resolve("io/virtkit/shell/internal");
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(pkg)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                found.add(Class.forName("io.virtkit.shell.internal." + name));
            }
        }
        return found;
    }

    static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            fields.addAll(List.of(c.getDeclaredFields()));
        }
        return fields;
    }
}
