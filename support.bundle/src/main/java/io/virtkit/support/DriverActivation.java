package io.virtkit.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * A {@link RecordDriverState}'s activation, libvirt's {@code qemuProcessReconnectAll}: the persistent
 * definitions and the status files are read at once; then each domain with a run to reconnect, or to
 * autostart, gets a task of its own on the driver's background threads, and answers calls only once that
 * task is done ({@link JobDomainRecord#awaitReady}). A reconnect runs in the domain's MODIFY job, begun before
 * activation returns, so no start can slip in. Also what a driver's reading of its status files shares.
 *
 * @param <D> the driver's domain record
 * @param <C> the driver's connection
 */
public final class DriverActivation<D extends JobDomainRecord, C extends RecordHypervisorConnection<D, C>> {

    private static final Logger LOG = Logger.getLogger(DriverActivation.class.getName());

    private final RecordDriverState<D, C> state;

    DriverActivation(RecordDriverState<D, C> state) {
        this.state = state;
    }

    /**
     * A reconnect found by {@link RecordDriverState#readStatus}: {@code task} runs for {@code domain} in the background.
     *
     * @param domain the domain it reconnects (already in the list)
     * @param task   the checks and the take-over, in the domain's MODIFY job
     */
    public record Reconnect<D>(D domain, Runnable task) {
        public Reconnect {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(task, "task");
        }
    }

    /** Reads a status file of the driver's own format. */
    @FunctionalInterface
    public interface StatusReader<S> {
        S read(Path file) throws IOException;
    }

    /**
     * A status file as read at activation.
     *
     * @param status the driver's record of the run
     * @param live   the live definition it holds
     */
    public record StatusRead<S>(S status, DomainDefinition live) {
    }

    /**
     * Reads status file {@code file} with {@code read} and the live definition {@code liveXml} finds in it; an
     * unreadable one (a write the killed daemon never finished, a format from elsewhere) is removed, logged, and
     * null returned.
     */
    public static <S> StatusRead<S> readStatusFile(Path file, StatusReader<S> read, Function<S, String> liveXml) {
        try {
            S status = read.read(file);
            return new StatusRead<>(status, DomainXmlCodec.parseLive(liveXml.apply(status))); // driver aliases kept
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "removing unreadable status file " + file + ": " + e.getMessage());
            AtomicFiles.deleteQuietly(file);
            return null;
        }
    }

    /**
     * Reads the persistent definitions and the status files, then hands every domain with a run to reconnect,
     * or to autostart, to a task of its own; a definition that cannot be read is logged and left out.
     *
     * @return completes when all the tasks are done
     */
    CompletableFuture<Void> load() throws IOException {
        DriverDirs dirs = state.dirs();
        DomainConfigDir configDir = state.configDir();
        dirs.create();
        for (Path file : configDir.configFiles()) {
            try {
                DomainDefinition def = state.loaded(state.acceptDefinition(DomainXmlCodec.parse(Files.readString(file))));
                D d = state.newRecord(def, true);
                d.setAutostart(configDir.isAutostart(def.name()));
                synchronized (state) {
                    state.domains().addIfFree(d);
                }
            } catch (RuntimeException | IOException e) {
                LOG.log(Level.WARNING, "ignoring unreadable domain definition " + file + ": " + e.getMessage());
            }
        }
        Map<D, Runnable> reconnects = new LinkedHashMap<>();
        for (Path file : AtomicFiles.list(dirs.runtime(), "*.xml")) {
            Reconnect<D> r = state.readStatus(file);
            if (r != null) {
                reconnects.put(r.domain(), r.task());
            }
        }
        for (Path tmp : AtomicFiles.list(dirs.runtime(), ".*.tmp")) {
            AtomicFiles.deleteQuietly(tmp); // a status write the killed daemon never finished
        }
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        for (D d : state.snapshot()) {
            Runnable reconnect = reconnects.get(d);
            if (reconnect != null || d.isAutostart()) {
                tasks.add(activate(d, reconnect));
            }
        }
        return CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new));
    }

    /** Holds {@code d}'s calls and runs its activation task: the reconnect (in a MODIFY job), then its autostart. */
    private CompletableFuture<Void> activate(D d, Runnable reconnect) {
        d.holdCalls();
        CompletableFuture<Void> done = d.ready();
        DomainJobs.Job job = reconnect == null ? null : d.jobs().begin(DomainJobs.Kind.MODIFY, state.reconnectJob());
        try {
            state.background().execute(() -> {
                try {
                    state.activationTaskBegins(d);
                    if (job != null) {
                        try (job) {
                            reconnect.run();
                        }
                    }
                    state.autostart(d);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot reconnect to domain '" + d.name() + "': " + e);
                } finally {
                    d.releaseCalls();
                }
            });
        } catch (RejectedExecutionException e) {
            if (job != null) {
                job.close();
            }
            d.releaseCalls(); // closed meanwhile: the next driver instance reconnects
        }
        return done;
    }
}
