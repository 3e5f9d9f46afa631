package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.support.DomainJobs.Kind;

class DomainJobsTest {

    private final ExecutorService other = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        other.shutdownNow();
    }

    @Test
    void aQueryRunsBesideAModificationSoStatisticsNeverWaitBehindADetach() throws Exception {
        DomainJobs jobs = new DomainJobs(Duration.ofSeconds(5));
        try (DomainJobs.Job detach = jobs.begin(Kind.MODIFY, "virDomainDetachDeviceFlags")) {
            Future<Kind> stats = other.submit(() -> {
                try (DomainJobs.Job q = jobs.begin(Kind.QUERY, "virConnectGetAllDomainStats")) {
                    return q.kind();
                }
            });
            assertThat(stats.get(1, TimeUnit.SECONDS)).isEqualTo(Kind.QUERY);
            assertThat(jobs.describe()).containsExactly("MODIFY virDomainDetachDeviceFlags");
        }
    }

    @Test
    void modificationsRunOneAtATime() throws Exception {
        DomainJobs jobs = new DomainJobs(Duration.ofSeconds(5));
        CountDownLatch secondStarted = new CountDownLatch(1);
        Future<?> second;
        try (DomainJobs.Job define = jobs.begin(Kind.MODIFY, "virDomainDefineXML")) {
            second = other.submit(() -> {
                try (DomainJobs.Job attach = jobs.begin(Kind.MODIFY, "virDomainAttachDeviceFlags")) {
                    secondStarted.countDown();
                }
            });
            assertThat(secondStarted.await(300, TimeUnit.MILLISECONDS)).as("waits for the define").isFalse();
        }
        second.get(2, TimeUnit.SECONDS);
        assertThat(secondStarted.getCount()).isZero();
        assertThat(jobs.awaitIdle(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void aDestroyWaitsForAModificationAndTheOtherWayRound() throws Exception {
        DomainJobs jobs = new DomainJobs(Duration.ofMillis(200));
        try (DomainJobs.Job destroy = jobs.begin(Kind.DESTROY, "virDomainDestroy")) {
            Future<?> modify = other.submit(() -> jobs.begin(Kind.MODIFY, "virDomainSuspend").close());
            assertThatThrownBy(() -> modify.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(VirtException.class);
        }
    }

    @Test
    void waitingInVainIsLibvirtsStateChangeLockTimeout() {
        DomainJobs jobs = new DomainJobs(Duration.ofMillis(150));
        try (DomainJobs.Job held = jobs.begin(Kind.MODIFY, "virDomainDetachDeviceFlags")) {
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(
                    () -> jobs.begin(Kind.MODIFY, "virDomainAttachDeviceFlags").close(), other);
            assertThatThrownBy(() -> waiter.get(2, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(VirtException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT))
                    .hasMessage("Timed out during operation: cannot acquire state change lock "
                            + "(held by virDomainDetachDeviceFlags)");
        }
    }

    @Test
    void anAsyncJobLetsOnlyTheKindsItAllowsStartFromOtherThreads() throws Exception {
        DomainJobs jobs = new DomainJobs(Duration.ofSeconds(5));
        try (DomainJobs.Async migration = jobs.beginAsync("virDomainMigratePerform3Params", DomainJobs.DEFAULT_NESTED)) {
            Future<?> modify = other.submit(() -> jobs.begin(Kind.MODIFY, "virDomainSetAutostart").close());
            assertThatThrownBy(() -> modify.get(1, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(VirtException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID))
                    .hasMessageContaining("while virDomainMigratePerform3Params is in progress");
            other.submit(() -> jobs.begin(Kind.QUERY, "virDomainGetInfo").close()).get(1, TimeUnit.SECONDS);
            other.submit(() -> jobs.begin(Kind.DESTROY, "virDomainDestroy").close()).get(1, TimeUnit.SECONDS);
            // the async job's own thread does its own sync steps
            jobs.begin(Kind.MODIFY, "qemuMigrationSrcPerform").close();
            assertThatThrownBy(() -> jobs.beginAsync("virDomainSave", DomainJobs.DEFAULT_NESTED))
                    .isInstanceOfSatisfying(VirtException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID));
        }
        other.submit(() -> jobs.begin(Kind.MODIFY, "virDomainSetAutostart").close()).get(1, TimeUnit.SECONDS);
    }

    @Test
    void closingTwiceIsHarmless() throws InterruptedException, TimeoutException {
        DomainJobs jobs = new DomainJobs(Duration.ofMillis(100));
        DomainJobs.Job job = jobs.begin(Kind.MODIFY, "virDomainCreate");
        job.close();
        job.close();
        assertThat(jobs.describe()).isEmpty();
        jobs.begin(Kind.MODIFY, "virDomainCreate").close();
    }
}
