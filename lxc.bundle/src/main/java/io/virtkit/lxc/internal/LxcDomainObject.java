package io.virtkit.lxc.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.time.Duration;

import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.support.AtomicFiles;
import io.virtkit.support.JobDomainRecord;
import io.virtkit.support.GuestRun;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;
import io.virtkit.support.process.PidFd;

/**
 * One domain of the LXC driver, libvirt's {@code virDomainObj}. Its monitor guards the fields and is held
 * only for short changes; its {@link #jobs() jobs} serialise operations (libvirt's job model; lock order in
 * {@link LxcState}).
 */
final class LxcDomainObject extends JobDomainRecord {

    /** The running container, else null. */
    Run run; // guarded by this

    /** @param jobWait how long an operation waits for a conflicting job on this domain */
    LxcDomainObject(DomainDefinition def, boolean persistent, Duration jobWait) {
        super(def, persistent, jobWait);
    }

    /** Why the container is going away, as an operation asked. */
    enum StopRequest {
        NONE, SHUTDOWN, DESTROY, REBOOT
    }

    /** One container run: from a start to the matching stop. */
    static final class Run implements GuestRun<LxcConnection> {
        final int id;
        /** The detached controller (script on the console pty); null when not known (unreadable status). */
        final ProcessHandle controller;
        /** The container's init (PID 1 inside) as the host sees it. */
        final ProcessHandle init;
        /**
         * The same init as a pidfd: what its signals go through and its exit is watched on, since its pid
         * may belong to another process (the next container's init, say) by the time anyone looks.
         */
        final PidFd initFd;
        final Instant initStart;
        final ContainerCgroup cgroup;
        final DomainDefinition liveDef;
        /** The connection that started it with AUTODESTROY, or null. */
        final LxcConnection autodestroyOwner;
        // guarded by the domain object's monitor
        boolean finished;
        StopRequest stopRequest = StopRequest.NONE;

        Run(int id, ProcessHandle controller, ProcessHandle init, Instant initStart, ContainerCgroup cgroup,
                DomainDefinition liveDef, LxcConnection autodestroyOwner) {
            this.id = id;
            this.controller = controller;
            this.init = init;
            this.initFd = PidFd.of(init);
            this.initStart = initStart;
            this.cgroup = cgroup;
            this.liveDef = liveDef;
            this.autodestroyOwner = autodestroyOwner;
        }

        @Override
        public DomainDefinition liveDefinition() {
            return liveDef;
        }

        @Override
        public LxcConnection autodestroyOwner() {
            return autodestroyOwner;
        }
    }

    /** Files of a container while it runs, all in the runtime directory. */
    record RuntimeFiles(Path status, Path wrapper, Path sync, Path ready, Path consoleIn, Path devTemplate) {
        static RuntimeFiles of(Path runtime, String name) {
            return new RuntimeFiles(runtime.resolve(name + ".xml"), runtime.resolve(name + ".init.sh"),
                    runtime.resolve(name + ".sync"), runtime.resolve(name + ".ready"),
                    runtime.resolve(name + ".console"), runtime.resolve(name + ".dev"));
        }

        /** Deletes them all, quietly: what a run, a failed start or a vanished container leaves. */
        void deleteAll() {
            for (Path p : List.of(status, wrapper, sync, ready, consoleIn)) {
                AtomicFiles.deleteQuietly(p);
            }
            DevTemplate.delete(devTemplate);
        }
    }
}
