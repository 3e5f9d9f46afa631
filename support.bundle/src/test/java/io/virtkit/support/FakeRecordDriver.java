package io.virtkit.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * A tiny driver on {@link RecordDriverState}, a stand-in for QEMU and LXC in the base's own tests: a "guest"
 * is a status file ({@code id} on the first line, the live XML after it) and nothing runs. Its hooks can be
 * held on latches, so a test can keep a start or a reconnect going while it looks at the others.
 */
final class FakeRecordDriver {

    private FakeRecordDriver() {
    }

    /** A "run": its definition and owner. */
    record FakeRun(DomainDefinition liveDefinition, FakeConnection autodestroyOwner)
            implements GuestRun<FakeConnection> {
    }

    static final class FakeDomain extends JobDomainRecord {
        /** While "running", else null. */
        FakeRun run; // guarded by this

        FakeDomain(DomainDefinition def, boolean persistent, Duration jobWait) {
            super(def, persistent, jobWait);
        }
    }

    static final class FakeConnection extends RecordDriverConnection<FakeDomain, FakeConnection> {
        FakeConnection(FakeState state) {
            super(state, "fake:///system", ConnectionEvents.NONE);
        }

        @Override
        protected FakeConnection self() {
            return this;
        }

        @Override
        public String type() {
            return "FAKE";
        }

        @Override
        public long hypervisorVersion() {
            return 1;
        }

        @Override
        public NodeInfo nodeInfo() {
            return HostNode.nodeInfo("fake");
        }

        @Override
        public String capabilities() {
            return "<capabilities/>";
        }
    }

    static final class FakeState extends RecordDriverState<FakeDomain, FakeConnection> {
        private final Duration jobWait;
        /** Held open, a launch waits here (counted down: launches run through). */
        volatile CountDownLatch launchGate = new CountDownLatch(0);
        /** Counted down as a launch begins. */
        volatile CountDownLatch launching = new CountDownLatch(1);
        /** Held open, a reconnect task waits here. */
        volatile CountDownLatch reconnectGate = new CountDownLatch(0);
        /** The names whose activation task has begun, in order. */
        final List<String> activationTasks = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();

        FakeState(Path base, Duration jobWait) {
            super("virtkit-fake", ErrorDomain.TEST, DriverDirs.under(base), jobWait, "fakeReconnect");
            this.jobWait = jobWait;
        }

        @Override
        public FakeDomain newRecord(DomainDefinition def, boolean persistent) {
            return new FakeDomain(def, persistent, jobWait);
        }

        @Override
        protected DomainDefinition acceptDefinition(DomainDefinition def) {
            if (!"test".equals(def.type())) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.CAPABILITIES,
                        "could not find capabilities for domaintype=" + def.type());
            }
            return def.uuid() == null ? def.withUuid(UUID.randomUUID()) : def;
        }

        @Override
        protected void launch(FakeDomain d, DomainDefinition def, FakeConnection caller, Set<StartFlag> flags) {
            launching.countDown();
            await(launchGate);
            int id = nextId();
            synchronized (d) {
                d.run = new FakeRun(def, flags.contains(StartFlag.AUTODESTROY) ? caller : null);
                d.setId(id);
                d.setReason(DomainStateReason.RUNNING_BOOTED);
            }
            try {
                AtomicFiles.write(statusFile(d.name()), id + "\n" + DomainXmlCodec.formatLive(def, id, XmlFlag.SECURE));
            } catch (IOException e) {
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.TEST, e.getMessage(), e);
            }
            emit(d, DomainEventDetail.STARTED_BOOTED);
        }

        @Override
        protected void destroyGuest(FakeDomain d) {
            try (DomainJobs.Job job = d.jobs().begin(DomainJobs.Kind.DESTROY, "virDomainDestroyFlags")) {
                synchronized (d) {
                    if (d.run == null) {
                        throw DomainErrors.notRunning();
                    }
                    d.run = null;
                    d.setId(-1);
                    d.setReason(DomainStateReason.SHUTOFF_DESTROYED);
                    if (!d.isPersistent()) {
                        forget(d);
                    }
                }
                AtomicFiles.deleteQuietly(statusFile(d.name()));
                emit(d, DomainEventDetail.STOPPED_DESTROYED);
            }
        }

        @Override
        protected void shutdownGuest(FakeDomain d) {
            destroyGuest(d);
        }

        @Override
        protected void rebootGuest(FakeDomain d) {
        }

        @Override
        protected void suspendGuest(FakeDomain d) {
        }

        @Override
        protected void resumeGuest(FakeDomain d) {
        }

        @Override
        protected DomainInfo readInfo(FakeDomain d) {
            return new DomainInfo(d.state(), d.definition().memoryKiB(), 0, d.definition().vcpus(), 0);
        }

        @Override
        protected FakeRun currentRun(FakeDomain d) {
            return d.run;
        }

        @Override
        protected DriverActivation.Reconnect<FakeDomain> readStatus(Path statusFile) {
            DriverActivation.StatusRead<String[]> read = DriverActivation.readStatusFile(statusFile,
                    f -> Files.readString(f).split("\n", 2), lines -> lines[1]);
            if (read == null) {
                return null;
            }
            FakeDomain d = recordOfRun(statusFile, read.live());
            if (d == null) {
                return null;
            }
            int id = Integer.parseInt(read.status()[0]);
            return new DriverActivation.Reconnect<>(d, () -> {
                await(reconnectGate);
                synchronized (d) {
                    d.run = new FakeRun(read.live(), null);
                    d.setId(id);
                    d.setReason(DomainStateReason.RUNNING_UNKNOWN);
                }
                reserveId(id);
            });
        }

        @Override
        protected void activationTaskBegins(FakeDomain d) {
            activationTasks.add(d.name());
        }

        @Override
        protected void letGo() {
            events.add("letGo");
        }

        FakeConnection connect() {
            FakeConnection c = new FakeConnection(this);
            attach(c);
            return c;
        }
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Domain XML of a fake guest. */
    static String xml(String name, UUID uuid) {
        return "<domain type='test'><name>" + name + "</name><uuid>" + uuid + "</uuid><memory>1024</memory>"
                + "<vcpu>1</vcpu><os><type>hvm</type></os></domain>";
    }
}
