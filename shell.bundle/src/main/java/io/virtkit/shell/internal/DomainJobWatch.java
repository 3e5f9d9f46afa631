package io.virtkit.shell.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobType;
import io.virtkit.api.VirtException;

/**
 * Runs a long domain job (a migration) as virsh's {@code virshWatchJob} watches one: the job's call runs on a thread
 * of its own while the command's thread polls the domain's job info and shows its progress; Ctrl-C (Karaf
 * interrupts the command's thread) aborts the domain's job, as virsh does on SIGINT, and the watch goes on until
 * the call returns, the abort having made it fail. Everything is printed from the command's thread, whose
 * {@code System.out} is the session's.
 */
final class DomainJobWatch {

    /** How often the job's progress is read, virsh's half second. */
    static final Duration POLL = Duration.ofMillis(500);

    private final Domain domain;
    private final TransferProgress progress;
    private final Duration poll;

    DomainJobWatch(Domain domain, TransferProgress progress, Duration poll) {
        this.domain = domain;
        this.progress = progress;
        this.poll = poll;
    }

    /**
     * Runs {@code job} and returns when it has ended, with its failure (a {@link VirtException}) rethrown here.
     * The progress line ends at 100 % on success.
     */
    void run(String threadName, Runnable job) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                job.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, threadName);
        worker.setDaemon(true);
        worker.start();
        boolean abortWanted = false;
        try {
            while (true) {
                try {
                    done.get(poll.toMillis(), TimeUnit.MILLISECONDS);
                    progress.update(1, 1);
                    return;
                } catch (TimeoutException e) {
                    showProgress();
                    abortWanted = abortWanted && !abort();
                } catch (InterruptedException e) {
                    // Ctrl-C: abort the job and keep waiting for the call, which then fails (the guest stays
                    // here). The interrupt has served its purpose and is not re-asserted, as in virt:event.
                    abortWanted = !abort();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            progress.close();
        }
    }

    /** virsh's progress: of the data known now, what is through (a job that reports no data shows nothing). */
    private void showProgress() {
        DomainJobInfo info;
        try {
            info = domain.jobInfo();
        } catch (VirtException e) {
            return; // a driver without job info, or a domain between hosts: the job's call still reports its end
        }
        if ((info.type() == DomainJobType.BOUNDED || info.type() == DomainJobType.UNBOUNDED)
                && info.dataTotal() > 0) {
            progress.update(info.dataTotal() - info.dataRemaining(), info.dataTotal());
        }
    }

    /**
     * Whether the job was aborted; a job not started yet (the migration still beginning) is tried again at the next
     * poll, one already over needs nothing: the call's own outcome is what the user sees.
     */
    private boolean abort() {
        try {
            domain.abortJob();
            return true;
        } catch (VirtException e) {
            return false;
        }
    }
}
