package io.virtkit.hyperv.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Msvm_ConcreteJob progress: a job is Running (JobState 4) until its duration passed, then Completed (7) and its
 * effect applied, or Exception (10) with the error a test armed, its failure effect applied; a job a test made hang
 * stays Running. Time is checked when the model is next looked at ({@link #settle}), so no thread runs behind the
 * tests. Not thread-safe: the host calls it under its lock.
 */
final class StandInJobs {

    static final int RUNNING = 4;
    static final int COMPLETED = 7;
    static final int EXCEPTION = 10;

    /** An error a test armed for the next job of a method. */
    record Failure(int errorCode, String description) {
    }

    /** How the next job of a method will end: the failure armed for it (or null) and whether it hangs. */
    record Plan(String method, Failure failure, boolean hang) {
        boolean fails() {
            return failure != null;
        }
    }

    private record Pending(CimObject job, long startNanos, long dueNanos, Plan plan, Runnable onComplete,
            Runnable onFailure) {
    }

    private final CimRepository repository;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, Failure> failNext = new HashMap<>();
    private final Set<String> hangNext = new HashSet<>();
    private Duration duration = Duration.ofMillis(50);

    StandInJobs(CimRepository repository) {
        this.repository = repository;
    }

    void setDuration(Duration duration) {
        this.duration = duration;
    }

    void failNext(String method, int errorCode, String description) {
        failNext.put(method.toLowerCase(Locale.ROOT), new Failure(errorCode, description));
    }

    void hangNext(String method) {
        hangNext.add(method.toLowerCase(Locale.ROOT));
    }

    /** Consumes what a test armed for the method's next job. */
    Plan plan(String method) {
        String key = method.toLowerCase(Locale.ROOT);
        return new Plan(method, failNext.remove(key), hangNext.remove(key));
    }

    /** Starts a job: a new Running Msvm_ConcreteJob whose end runs one of the effects. */
    CimReference start(Plan plan, String description, Runnable onComplete, Runnable onFailure) {
        CimObject job = new CimObject("Msvm_ConcreteJob")
                .set("InstanceID", UUID.randomUUID().toString().toUpperCase(Locale.ROOT))
                .set("Caption", description)
                .set("Description", description)
                .set("ElementName", plan.method())
                .set("JobType", "0")
                .set("JobState", Integer.toString(RUNNING))
                .set("PercentComplete", "0")
                .set("StartTime", CimDatetime.at(Instant.now()))
                .set("ElapsedTime", CimDatetime.lasting(Duration.ZERO))
                .set("ErrorCode", "0")
                .set("ErrorDescription", null)
                .set("ErrorSummaryDescription", null)
                .set("Cancellable", "false")
                .set("DeleteOnCompletion", "false");
        repository.add(job);
        long now = System.nanoTime();
        pending.add(new Pending(job, now, now + duration.toNanos(), plan, onComplete, onFailure));
        return job.reference();
    }

    /** Ends the jobs whose time has come, and moves the progress of the others. */
    void settle() {
        long now = System.nanoTime();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            CimObject job = p.job();
            job.set("ElapsedTime", CimDatetime.lasting(Duration.ofNanos(now - p.startNanos()).withNanos(0)));
            if (p.plan().hang() || now - p.dueNanos() < 0) {
                long total = Math.max(1, p.dueNanos() - p.startNanos());
                int percent = p.plan().hang() ? 50 : (int) Math.min(99, (now - p.startNanos()) * 100 / total);
                job.set("PercentComplete", Integer.toString(percent));
                continue;
            }
            it.remove();
            if (p.plan().fails()) {
                Failure f = p.plan().failure();
                job.set("JobState", Integer.toString(EXCEPTION)).set("ErrorCode", Integer.toString(f.errorCode()))
                        .set("ErrorDescription", f.description())
                        .set("ErrorSummaryDescription", f.description());
                p.onFailure().run();
            } else {
                job.set("JobState", Integer.toString(COMPLETED)).set("PercentComplete", "100");
                p.onComplete().run();
            }
        }
    }

    boolean isJob(CimObject instance) {
        return instance.className().equals("Msvm_ConcreteJob");
    }
}
