package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.MigrationParams;

/**
 * virsh's {@code migrate} with the options Virtkit's drivers take. Without --p2p the shell holds both connections
 * (libvirt's managed direct migration: DESTURI is opened here and closed after); with --p2p the source host opens
 * DESTURI itself. While it runs, the source domain's job is polled for the progress line; Ctrl-C aborts it.
 */
@Service
@Command(scope = "virt", name = "migrate", description = "Migrate a domain to another host",
        detailedDescription = "Moves DOMAIN to the host of DESTURI (e.g. qemu+tls://hostb/system), keeping it "
                + "running with --live. Without --p2p this shell connects to DESTURI itself and relays the steps "
                + "between the two hosts; with --p2p the source host connects to DESTURI (as seen from there). "
                + "--offline --persistent moves only the definition; --persistent defines the domain on the "
                + "destination, --undefinesource removes its definition here, --suspend leaves it paused there. "
                + "A progress line shows on a terminal (always with --verbose); Ctrl-C aborts the migration and "
                + "the domain runs on here. Like virsh migrate, it prints nothing else when it succeeds.")
public class MigrateCommand extends DomainCommand {

    @Argument(index = 1, name = "desturi", required = true,
            description = "The destination's connection URI, as seen from here (from the source host with --p2p)")
    @Completion(DestUriCompleter.class)
    String desturi;

    @Option(name = "--live", description = "Keep the domain running while its memory is copied")
    boolean live;

    @Option(name = "--p2p", description = "Peer-to-peer: the source host connects to DESTURI itself")
    boolean p2p;

    @Option(name = "--offline", description = "Move only the definition (needs --persistent)")
    boolean offline;

    @Option(name = "--persistent", description = "Define the domain persistently on the destination")
    boolean persistent;

    @Option(name = "--undefinesource", description = "Undefine the domain here once it runs on the destination")
    boolean undefineSource;

    @Option(name = "--suspend", description = "Leave the domain paused on the destination")
    boolean suspend;

    @Option(name = "--migrateuri", description = "Where the destination receives the data (e.g. tcp://10.0.0.2); "
            + "usually the destination chooses")
    String migrateUri;

    @Option(name = "--dname", description = "The domain's new name on the destination")
    String dname;

    @Option(name = "--xml", description = "A file with the domain XML to run on the destination (host-side changes)")
    @Completion(FileCompleter.class)
    String xmlFile;

    @Option(name = "--persistent-xml", description = "A file with the persistent definition for the destination "
            + "(needs --persistent)")
    @Completion(FileCompleter.class)
    String persistentXmlFile;

    @Option(name = "--bandwidth", description = "The most MiB/s the migration may use")
    String bandwidth;

    @Option(name = "--verbose", description = "Show the progress line even where the output is no terminal")
    boolean verbose;

    @Override
    void execute(Domain domain) throws Exception {
        if (live && offline) {
            throw Errors.of("Options --live and --offline are mutually exclusive");
        }
        if (persistentXmlFile != null && !persistent) {
            throw Errors.of("Option --persistent is required by option --persistent-xml");
        }
        MigrationParams params = new MigrationParams(migrateUri, dname,
                xmlFile == null ? null : XmlFile.read(xmlFile),
                persistentXmlFile == null ? null : XmlFile.read(persistentXmlFile), bandwidthMiBs(), null);
        MigrateFlag[] flags = flags();
        TransferProgress progress = verbose ? TransferProgress.to(System.out, "Migration", 0)
                : TransferProgress.of(session, "Migration", 0);
        DomainJobWatch watch = new DomainJobWatch(domain, progress, DomainJobWatch.POLL);
        String thread = "virt:migrate " + domain.name();
        if (p2p) {
            watch.run(thread, () -> domain.migrateToUri(desturi, params, flags));
            return;
        }
        try (Connection destination = connectionFactory.open(request(desturi))) {
            watch.run(thread, () -> domain.migrate(destination, params, flags));
        }
    }

    private MigrateFlag[] flags() {
        List<MigrateFlag> flags = new ArrayList<>();
        add(flags, live, MigrateFlag.LIVE);
        add(flags, p2p, MigrateFlag.PEER2PEER);
        add(flags, offline, MigrateFlag.OFFLINE);
        add(flags, persistent, MigrateFlag.PERSIST_DEST);
        add(flags, undefineSource, MigrateFlag.UNDEFINE_SOURCE);
        add(flags, suspend, MigrateFlag.PAUSED);
        return flags.toArray(MigrateFlag[]::new);
    }

    private static void add(List<MigrateFlag> flags, boolean given, MigrateFlag flag) {
        if (given) {
            flags.add(flag);
        }
    }

    /** virsh reads --bandwidth as an unsigned number; 0 (or none) is no limit. */
    private long bandwidthMiBs() throws CommandException {
        if (bandwidth == null) {
            return 0;
        }
        try {
            long value = Long.parseLong(bandwidth.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw Errors.of("Numeric value '" + bandwidth + "' for <bandwidth> option is malformed or out of range");
    }
}
