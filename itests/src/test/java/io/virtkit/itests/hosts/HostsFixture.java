package io.virtkit.itests.hosts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.virtkit.qemu.testing.TraversableFiles;

/**
 * What every end-to-end fixture of Virtkit hosts shares: a directory of its own (emptied before, deleted after), the
 * things it opened closed in reverse order whatever happened, its namespaces removed, and its daemons' logs kept in
 * {@code DIR-logs} beside the directory (replaced by the next run): what a failure report points to.
 */
public abstract class HostsFixture implements AutoCloseable {

    protected final Path dir;
    /**
     * Where what the guests' QEMU opens lives (shared disks and consoles, each daemon's QEMU runtime directory):
     * QEMU runs as the unprivileged virtkit-qemu, which cannot traverse the parents of a CI clone ({@code dir}),
     * so these sit in {@link TraversableFiles#dir()}, under a name made from {@code dir} (leftovers of a crashed run
     * are found again).
     */
    protected final Path guestDir;
    /** Closed first to last: add each thing opened at index 0. */
    protected final List<AutoCloseable> opened = new ArrayList<>();

    protected HostsFixture(Path dir) {
        this.dir = dir;
        this.guestDir = guestDirOf(dir);
    }

    private static Path guestDirOf(Path dir) {
        try {
            return TraversableFiles.dir().resolve(dir.getFileName() + "-"
                    + Integer.toHexString(dir.toAbsolutePath().toString().hashCode() & 0xffffff));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Empties {@code dir} (and a crashed run's namespaces) before a fixture is made in it. */
    protected static Path freshDir(Path dir, Runnable removeLeftoverNamespaces) throws java.io.IOException {
        removeLeftoverNamespaces.run();
        FixtureFiles.deleteTree(dir);
        Path guests = guestDirOf(dir);
        FixtureFiles.deleteTree(guests);
        Files.createDirectories(guests);
        Files.setPosixFilePermissions(guests, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        return Files.createDirectories(dir);
    }

    /** {@link #make()}s {@code fixture}, or closes what it made before failing. */
    protected static <F extends HostsFixture> F made(F fixture) throws Exception {
        try {
            fixture.make();
            return fixture;
        } catch (Exception | Error e) {
            fixture.close();
            throw e;
        }
    }

    protected abstract void make() throws Exception;

    /** The daemons made so far. */
    protected abstract List<VirtkitDaemon> hostDaemons();

    /** Removes every namespace of the fixture's kind, with the processes in them. */
    protected abstract void removeNamespaces();

    /** Every daemon's log tail, for a failure's message. */
    public String logs() {
        StringBuilder logs = new StringBuilder();
        hostDaemons().forEach(d -> logs.append(d.logTail()).append('\n'));
        return logs.append("(whole logs: ").append(logsDir()).append(" after the run)").toString();
    }

    private Path logsDir() {
        return dir.resolveSibling(dir.getFileName() + "-logs");
    }

    @Override
    public void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println(getClass().getSimpleName() + ": closing " + c + " failed: " + e);
            }
        }
        removeNamespaces();
        Path logs = logsDir();
        FixtureFiles.deleteTree(logs);
        hostDaemons().forEach(d -> d.keepLogs(logs));
        FixtureFiles.deleteTree(dir);
        FixtureFiles.deleteTree(guestDir);
    }
}
