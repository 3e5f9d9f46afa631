package io.virtkit.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.virtkit.api.ConnectionFactory;

/**
 * What the Pax Exam tests share: the Virtkit distribution booted with a test's own options, the console as
 * a user sees it, and the installed bundles. Pax Exam injects the superclass's fields too.
 */
abstract class VirtkitKarafTestSupport {

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    /** Injection waits for the service, so the tests start once the core is up. */
    @Inject
    protected ConnectionFactory connectionFactory;

    private final long waitMillis;

    /** {@code waitMillis}: how long the console's awaitOutput retries a command. */
    protected VirtkitKarafTestSupport(long waitMillis) {
        this.waitMillis = waitMillis;
    }

    /**
     * The distribution unpacked into {@code target/UNPACK}, quiet, with {@code testOptions} (the test's own
     * configuration) and what the probe's assertions need.
     */
    protected static Option[] distribution(String unpackDirectory, Option... testOptions) {
        String localRepository = System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository");
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(maven("io.virtkit", "virtkit-distribution")
                                .version(System.getProperty("virtkit.version")).type("tar.gz"))
                        .name("Virtkit")
                        .unpackDirectory(new File("target/" + unpackDirectory))
                        .useDeployFolder(false),
                // No ssh server (no fixed port to collide with a running ./virtkit) and no local console.
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.WARN),
                // Features installed at runtime come from the local repository (where `mvn install` put this
                // build) and then Maven Central only.
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.localRepository", localRepository),
                systemProperty("org.ops4j.pax.url.mvn.localRepository").value(localRepository)));
        options.addAll(List.of(testOptions));
        options.add(mavenBundle("net.bytebuddy", "byte-buddy", System.getProperty("bytebuddy.version")));
        options.add(mavenBundle("org.assertj", "assertj-core", System.getProperty("assertj.version")));
        return options.toArray(Option[]::new);
    }

    /** The remote daemon (a boot feature) on sockets in {@code dir}, never /run/virtkit's. */
    protected static Option remoteSocketsIn(Path dir) {
        return composite(
                editConfigurationFilePut("etc/io.virtkit.remote.cfg", "socketPath", dir.resolve("sock").toString()),
                editConfigurationFilePut("etc/io.virtkit.remote.cfg", "readOnlySocketPath", dir.resolve("sock-ro").toString()));
    }

    /** The netdev bundle's state and run directories in {@code dir}, never the host's. */
    protected static Option netdevDirsIn(Path dir) {
        return composite(
                editConfigurationFilePut("etc/io.virtkit.netdev.cfg", "stateDir", dir.resolve("network").toString()),
                editConfigurationFilePut("etc/io.virtkit.netdev.cfg", "runDir", dir.resolve("network-run").toString()));
    }

    /** The storage driver's system and session directories in {@code dir}, never the host's. */
    protected static Option storageDirsIn(Path dir) {
        return composite(
                editConfigurationFilePut("etc/io.virtkit.storage.cfg", "configDir", dir.resolve("storage").toString()),
                editConfigurationFilePut("etc/io.virtkit.storage.cfg", "stateDir", dir.resolve("storage-run").toString()),
                editConfigurationFilePut("etc/io.virtkit.storage.cfg", "sessionConfigDir",
                        dir.resolve("storage-session").toString()),
                editConfigurationFilePut("etc/io.virtkit.storage.cfg", "sessionStateDir",
                        dir.resolve("storage-session-run").toString()));
    }

    /** The QEMU driver's system directories in {@code dir}: {@code PREFIXconfig}, {@code PREFIXrun}, {@code PREFIXlog}. */
    protected static Option qemuDirsIn(Path dir, String prefix) {
        return composite(
                editConfigurationFilePut("etc/io.virtkit.qemu.cfg", "systemConfigDir", dir.resolve(prefix + "config").toString()),
                editConfigurationFilePut("etc/io.virtkit.qemu.cfg", "systemRuntimeDir", dir.resolve(prefix + "run").toString()),
                editConfigurationFilePut("etc/io.virtkit.qemu.cfg", "systemLogDir", dir.resolve(prefix + "log").toString()));
    }

    protected static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new AssertionError("cannot clean " + root, e);
        }
    }

    /** The pid of a host process whose command line (arguments NUL-separated) {@code matches}. */
    protected static Optional<Long> pidWhoseCommandLine(Predicate<String> matches) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> matches.test(cmdline(p)))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .findFirst();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String cmdline(Path proc) {
        try {
            return Files.readString(proc.resolve("cmdline"), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    protected KarafConsole console() {
        return new KarafConsole(sessionFactory, waitMillis);
    }

    protected KarafConsole.Result run(String command) {
        return console().run(command);
    }

    protected String runOk(String command) {
        return console().runOk(command);
    }

    protected String awaitOutput(String command, Predicate<String> expected) throws InterruptedException {
        return console().awaitOutput(command, expected);
    }

    /**
     * {@code feature:uninstall NAME}, once the features service says NAME is installed: the boot features'
     * bundles (and so a driver's service) can be up a moment before the service has recorded the
     * installation, and uninstalling before that fails with "Feature named 'NAME/0' is not installed".
     */
    protected String uninstallFeature(String name) throws InterruptedException {
        awaitBootFinished();
        String row = "(?m)^\\s*" + java.util.regex.Pattern.quote(name) + "\\s";
        awaitOutput("feature:list -i", out -> java.util.regex.Pattern.compile(row).matcher(out).find());
        return runOk("feature:uninstall " + name);
    }

    /**
     * Waits for Karaf's {@code BootFinished} service: the features service registers it once the boot
     * features are installed and recorded, which on a loaded machine comes long after the drivers' bundles
     * are up (the console's retry window alone was seen to run out). Bounded: a boot that never ends fails.
     */
    private void awaitBootFinished() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(180);
        while (bundleContext.getServiceReference("org.apache.karaf.features.BootFinished") == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Karaf's boot features did not finish installing within 180 s");
            }
            Thread.sleep(100);
        }
    }

    /** The symbolic names of the installed bundles, Pax Exam's own left out. */
    protected Set<String> bundleNames() {
        return Arrays.stream(bundleContext.getBundles())
                .map(Bundle::getSymbolicName)
                .filter(name -> name != null && !name.startsWith("PAXEXAM"))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
