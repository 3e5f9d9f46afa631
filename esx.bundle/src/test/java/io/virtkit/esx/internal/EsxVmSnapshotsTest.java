package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.virtkit.esx.internal.vim.MoRef;

class EsxVmSnapshotsTest {

    private static final EsxVm VM = new EsxVm(new MoRef("VirtualMachine", "vm-9"), "VM 9", UUID.randomUUID(),
            "poweredOn", "[ds] VM 9/VM 9.vmx", 32, -1, 1);

    @Test
    void answersAgainUntilTheSessionChangesSomething() {
        AtomicLong changes = new AtomicLong();
        EsxVmSnapshots snapshots = new EsxVmSnapshots(changes::get, TimeUnit.MINUTES.toNanos(1));
        snapshots.put(VM, snapshots.begin());
        assertThat(snapshots.get(VM.uuid())).isEqualTo(VM);
        assertThat(snapshots.named("VM 9")).isEqualTo(VM);
        changes.incrementAndGet();
        assertThat(snapshots.get(VM.uuid())).isNull();
        assertThat(snapshots.named("VM 9")).isNull();
    }

    @Test
    void aReadThatOverlappedAChangeIsNotServed() {
        AtomicLong changes = new AtomicLong();
        EsxVmSnapshots snapshots = new EsxVmSnapshots(changes::get, TimeUnit.MINUTES.toNanos(1));
        long before = snapshots.begin();
        changes.incrementAndGet(); // the session changed something while the read was on its way
        snapshots.put(VM, before);
        assertThat(snapshots.get(VM.uuid())).isNull();
    }

    @Test
    void answersOnlyForAMoment() throws InterruptedException {
        EsxVmSnapshots snapshots = new EsxVmSnapshots(() -> 0, TimeUnit.MILLISECONDS.toNanos(20));
        snapshots.put(VM, snapshots.begin());
        Thread.sleep(40);
        assertThat(snapshots.get(VM.uuid())).isNull();
        EsxVmSnapshots none = new EsxVmSnapshots(() -> 0, 0);
        none.put(VM, none.begin());
        assertThat(none.get(VM.uuid())).isNull();
    }
}
