package io.virtkit.hyperv.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.hyperv.internal.wsman.CimParameter;
import io.virtkit.hyperv.testing.StandInHypervEndpoint;

/** Domain events from polling the stand-in's VMs: changes made through the driver and by others. */
class HypervDomainEventsStandInTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private record Reported(DomainRef domain, DomainEventDetail detail) {
    }

    private final BlockingQueue<Reported> reported = new LinkedBlockingQueue<>();
    private StandInHypervEndpoint endpoint;
    private HypervConnection connection;

    @BeforeEach
    void open() {
        endpoint = StandInHypervEndpoint.startHttp(HypervStandIn.USER, HypervStandIn.PASSWORD);
        ConnectionEvents sink = new ConnectionEvents() {
            @Override
            public boolean domainEventsWanted() {
                return true;
            }

            @Override
            public void report(DomainRef domain, DomainEventDetail detail) {
                reported.add(new Reported(domain, detail));
            }

            @Override
            public boolean networkEventsWanted() {
                return false;
            }

            @Override
            public void report(NetworkRef network, NetworkEventType type) {
                // none
            }
        };
        HypervSettings settings = HypervStandIn.settings().withEventInterval(Duration.ofMillis(100));
        connection = (HypervConnection) new HypervDriver(settings, Map.of("HOME", "/nonexistent"))
                .open(new OpenRequest(URI.create(endpoint.libvirtUri()), false,
                        HypervStandIn.answering(HypervStandIn.USER, HypervStandIn.PASSWORD), null), sink)
                .orElseThrow();
    }

    @AfterEach
    void close() {
        connection.close();
        endpoint.close();
    }

    @Test
    void lifecycleThroughTheDriver() throws InterruptedException {
        DomainRef vm = connection.lookupDomainByUuid(
                UUID.fromString(endpoint.host().addVirtualMachine("ev-vm", 1, 512, 3)));
        expect(vm, DomainEventDetail.DEFINED_ADDED);
        connection.startDomain(vm, 0);
        expect(vm, DomainEventDetail.STARTED_BOOTED);
        connection.suspendDomain(vm);
        expect(vm, DomainEventDetail.SUSPENDED_PAUSED);
        connection.resumeDomain(vm);
        expect(vm, DomainEventDetail.RESUMED_UNPAUSED);
        connection.shutdownDomain(vm, 0);
        expect(vm, DomainEventDetail.STOPPED_SHUTDOWN);
        connection.startDomain(vm, 0);
        expect(vm, DomainEventDetail.STARTED_BOOTED);
        connection.managedSave(vm, 0);
        expect(vm, DomainEventDetail.STOPPED_SAVED);
        connection.startDomain(vm, 0);
        expect(vm, DomainEventDetail.STARTED_RESTORED);
        connection.destroyDomain(vm, 0);
        expect(vm, DomainEventDetail.STOPPED_DESTROYED);
    }

    @Test
    void aVmRemovedByAnotherClientIsUndefined() throws InterruptedException {
        DomainRef vm = connection.lookupDomainByUuid(
                UUID.fromString(endpoint.host().addVirtualMachine("ev-gone", 1, 512, 3)));
        expect(vm, DomainEventDetail.DEFINED_ADDED);
        HypervContext context = connection.context();
        context.invoke(context.managementService(), "DestroySystem",
                CimParameter.reference("AffectedSystem", new HypervVm(vm.name(), HypervVm.guidOf(vm.uuid()), 3, -1)
                        .reference()));
        expect(vm, DomainEventDetail.UNDEFINED_REMOVED);
    }

    private void expect(DomainRef vm, DomainEventDetail detail) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Reported r = reported.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (r == null) {
                break;
            }
            if (r.domain().uuid().equals(vm.uuid())) {
                assertThat(r.detail()).as("the next event of %s", vm.name()).isEqualTo(detail);
                assertThat(r.domain().name()).isEqualTo(vm.name());
                return;
            }
        }
        throw new AssertionError("no " + detail + " event for " + vm.name() + " within " + WAIT);
    }
}
