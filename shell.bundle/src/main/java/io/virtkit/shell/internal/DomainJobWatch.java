package io.virtkit.shell.internal;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobType;
import io.virtkit.api.VirtException;

/**
 * Runs a long domain job (a migration) as virsh's {@code virshWatchJob} watches one: the job's call runs on a thread
 * of its own, another thread polls the domain's job info, and the command's thread only waits for what they report,
 * prints the progress and, on Ctrl-C (Karaf interrupts the command's thread), aborts the domain's job as virsh does
 * on SIGINT, then waits on for the call, which the abort makes fail. The command's thread thus never is interrupted
 * inside a driver's call (a remote connection's I/O), and it alone prints: its {@code System.out} is the session's.
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

    /** What the command's thread waits for: a reading of the job, or the call's end. */
    private sealed interface Report permits Reading, Ended {
    }

    private record Reading(DomainJobInfo info) implements Report {
    }

    private record Ended(Throwable failure) implements Report {
    }

    /**
     * Runs {@code job} and returns when it has ended, its failure (a {@link VirtException}) rethrown here. The
     * progress line ends at 100 % on success.
     */
    void run(String threadName, Runnable job) {
        BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
        CountDownLatch ended = new CountDownLatch(1);
        start(threadName, () -> {
            try {
                job.run();
                reports.add(new Ended(null));
            } catch (Throwable t) {
                reports.add(new Ended(t));
            } finally {
                ended.countDown();
            }
        });
        start(threadName + " progress", () -> poll(reports, ended));
        boolean abortWanted = false;
        try {
            while (true) {
                Report report;
                try {
                    report = reports.take();
                } catch (InterruptedException e) {
                    // Ctrl-C. The interrupt has served its purpose and is not re-asserted, as in virt:event.
                    abortWanted = !abort();
                    continue;
                }
                if (report instanceof Ended end) {
                    finish(end.failure());
                    return;
                }
                show(((Reading) report).info());
                // a job not started yet when Ctrl-C came (still beginning) is aborted once it runs
                abortWanted = abortWanted && !abort();
            }
        } finally {
            progress.close();
        }
    }

    private void finish(Throwable failure) {
        if (failure == null) {
            progress.update(1, 1);
            return;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(failure);
    }

    /** Reads the job every {@link #poll} until the call has ended. */
    private void poll(BlockingQueue<Report> reports, CountDownLatch ended) {
        try {
            while (ended.getCount() > 0) {
                try {
                    reports.add(new Reading(domain.jobInfo()));
                } catch (VirtException e) {
                    // a driver without job info, or a domain between hosts: the call still reports its end
                }
                if (ended.await(poll.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nobody interrupts this thread; if someone does, it just stops
        }
    }

    /** virsh's progress: of the data known now, what is through (a job that reports no data shows nothing). */
    private void show(DomainJobInfo info) {
        if ((info.type() == DomainJobType.BOUNDED || info.type() == DomainJobType.UNBOUNDED)
                && info.dataTotal() > 0) {
            progress.update(info.dataTotal() - info.dataRemaining(), info.dataTotal());
        }
    }

    /**
     * Whether the job was aborted. A job not started yet is tried again at the next reading; one already over needs
     * nothing: the call's own outcome is what the user sees.
     */
    private boolean abort() {
        try {
            domain.abortJob();
            return true;
        } catch (VirtException e) {
            return false;
        }
    }

    private static void start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
