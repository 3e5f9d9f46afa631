package io.virtkit.hyperv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.hyperv.testing.StandInHypervEndpoint;

/** The driver against the stand-in Hyper-V endpoint (HTTP): host facts, listing, lookups, lifecycle, resources. */
class HypervDriverStandInTest {

    private static StandInHypervEndpoint endpoint;
    private static HypervConnection connection;

    @BeforeAll
    static void start() {
        endpoint = StandInHypervEndpoint.startHttp(HypervStandIn.USER, HypervStandIn.PASSWORD);
        // reads answer again for long (not 100 ms): the round trips counted here cannot depend on the machine's speed;
        // nothing here changes a VM's state behind the driver's back
        connection = HypervStandIn.open(endpoint.libvirtUri(), HypervStandIn.settings().withReadReuse(
                java.time.Duration.ofSeconds(60)), HypervStandIn.answering(HypervStandIn.USER, HypervStandIn.PASSWORD));
    }

    @AfterAll
    static void stop() {
        if (connection != null) {
            connection.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private static DomainRef add(String name, int enabledState) {
        String guid = endpoint.host().addVirtualMachine(name, 2, 1024, enabledState);
        return connection.lookupDomainByUuid(UUID.fromString(guid));
    }

    @Test
    void hostFacts() {
        assertThat(connection.type()).isEqualTo("Hyper-V");
        assertThat(connection.uri()).isEqualTo(endpoint.libvirtUri());
        assertThat(connection.hypervisorVersion()).isEqualTo(1000017763L); // 10.0.17763 packed as libvirt does
        assertThat(connection.hostname()).isNotBlank();
        NodeInfo node = connection.nodeInfo();
        assertThat(node.cpus()).isPositive();
        assertThat(node.memoryKiB()).isPositive();
        assertThat(node.mhz()).isPositive();
        assertThat(node.cpus()).isEqualTo(node.sockets() * node.coresPerSocket());
        assertThat(node.cpuModel()).doesNotContain("(R)", "(TM)", " @ ");
        String caps = connection.capabilities();
        assertThat(caps).contains("<arch name='i686'>", "<arch name='x86_64'>", "<domain type='hyperv'/>",
                "<os_type>hvm</os_type>").containsPattern("<uuid>[0-9a-f-]{36}</uuid>");
        assertThat(connection.sysinfo(0)).startsWith("<sysinfo type='smbios'>").contains("<entry name='uuid'>");
    }

    @Test
    void statesAsLibvirtMapsThem() {
        DomainRef running = add("st-running", 2);
        DomainRef off = add("st-off", 3);
        DomainRef paused = add("st-paused", 9);
        DomainRef saved = add("st-saved", 6);
        assertThat(connection.domainState(running, 0).reason()).isEqualTo(DomainStateReason.RUNNING_UNKNOWN);
        assertThat(connection.domainState(off, 0).state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(connection.domainState(paused, 0).state()).isEqualTo(DomainState.PAUSED);
        assertThat(connection.domainState(saved, 0).reason()).isEqualTo(DomainStateReason.SHUTOFF_SAVED);
        assertThat(running.id()).isPositive();
        assertThat(off.id()).isEqualTo(-1);
        assertThat(connection.domainIsActive(paused)).isTrue();
        assertThat(connection.domainIsActive(saved)).isFalse();
        assertThat(connection.hasManagedSaveImage(saved, 0)).isTrue();
        assertThat(connection.hasManagedSaveImage(off, 0)).isFalse();
        assertThat(connection.domainIsPersistent(off)).isTrue();
        assertThat(connection.domainOsType(off)).isEqualTo("hvm");
    }

    @Test
    void listFiltersByActivityAndManagedSave() {
        DomainRef running = add("ls-running", 2);
        DomainRef off = add("ls-off", 3);
        DomainRef saved = add("ls-saved", 6);
        assertThat(names(connection.listAllDomains(0))).contains("ls-running", "ls-off", "ls-saved");
        List<String> active = names(connection.listAllDomains(DomainListFlag.ACTIVE.bit()));
        assertThat(active).contains("ls-running").doesNotContain("ls-off", "ls-saved");
        List<String> inactive = names(connection.listAllDomains(DomainListFlag.INACTIVE.bit()));
        assertThat(inactive).contains("ls-off", "ls-saved").doesNotContain("ls-running");
        assertThat(names(connection.listAllDomains(DomainListFlag.MANAGEDSAVE.bit())))
                .contains("ls-saved").doesNotContain("ls-off", "ls-running");
        assertThat(connection.listAllDomains(0)).contains(running, off, saved);
    }

    @Test
    void listIsOneQueryWhateverTheCount() {
        endpoint.host().setPageSize(20);
        for (int i = 0; i < 45; i++) {
            endpoint.host().addVirtualMachine("many-" + i, 1, 512, i % 2 == 0 ? 2 : 3);
        }
        int vms = endpoint.host().virtualMachineCount();
        long before = endpoint.requests();
        List<DomainRef> all = connection.listAllDomains(0);
        long afterList = endpoint.requests();
        // asking each one's state right after costs nothing more: the read answers again (virsh list --all)
        for (DomainRef d : all) {
            connection.domainState(d, 0);
        }
        long afterStates = endpoint.requests();
        assertThat(all).hasSize(vms);
        // one Enumerate and the Pulls the stand-in's page size makes: never a request per VM
        assertThat(afterList - before).isLessThanOrEqualTo(1 + (vms + 19) / 20 + 1);
        assertThat(afterStates - afterList).isZero();
    }

    @Test
    void dominfoIsThreeQueries() {
        endpoint.host().addVirtualMachine("di-vm", 3, 2048, 2);
        long before = endpoint.requests();
        DomainRef vm = connection.lookupDomainByName("di-vm");
        io.virtkit.api.DomainInfo info = connection.domainInfo(vm);
        // what virsh dominfo asks besides, answered by the lookup's read
        connection.domainState(vm, 0);
        connection.domainIsActive(vm);
        connection.domainOsType(vm);
        connection.domainId(vm);
        long requests = endpoint.requests() - before;
        assertThat(info.vcpus()).isEqualTo(3);
        assertThat(info.memoryKiB()).isEqualTo(2048 * 1024);
        assertThat(info.state()).isEqualTo(DomainState.RUNNING);
        // the VM by name, its settings, their components (memory and processor at once): an Enumerate (and at most
        // a Pull) each; the lookup's read answers for the VM itself, as long as nothing is changed
        assertThat(requests).isLessThanOrEqualTo(6);
        long afterReads = endpoint.requests();
        connection.suspendDomain(vm);
        long afterSuspend = endpoint.requests();
        assertThat(connection.domainState(vm, 0).state()).isEqualTo(DomainState.PAUSED); // read again: changed here
        assertThat(endpoint.requests()).isGreaterThan(afterSuspend);
        assertThat(afterSuspend).isGreaterThan(afterReads);
    }

    @Test
    void lookupsByNameUuidAndId() {
        DomainRef vm = add("lk-running", 2);
        assertThat(connection.lookupDomainByName("lk-running")).isEqualTo(vm);
        assertThat(connection.lookupDomainById(vm.id())).isEqualTo(vm);
        assertThat(connection.domainId(vm)).isEqualTo(vm.id());
        assertNoDomain(() -> connection.lookupDomainByName("lk-nobody"),
                "Domain not found: no domain with matching name 'lk-nobody'");
        UUID unknown = UUID.randomUUID();
        assertNoDomain(() -> connection.lookupDomainByUuid(unknown),
                "Domain not found: no domain with matching uuid '" + unknown + "'");
        assertNoDomain(() -> connection.lookupDomainById(999_999), "Domain not found: no domain with matching id 999999");
        DomainRef gone = new DomainRef("lk-gone", unknown, -1);
        assertThatThrownBy(() -> connection.startDomain(gone, 0)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN));
    }

    @Test
    void namesWithQuotesAndBackslashesFindExactlyTheirVm() {
        String[] names = {"q'uote", "q\"dquote", "back\\slash", "back\\'mixed", "x' OR ElementName <> '",
            "y\" OR Description = \"Microsoft Virtual Machine", "trail\\"};
        for (String name : names) {
            add(name, 3);
        }
        add("q", 3);
        add("x", 3);
        for (String name : names) {
            DomainRef found = connection.lookupDomainByName(name);
            assertThat(found.name()).isEqualTo(name);
            assertThat(found.uuid().toString().toUpperCase()).isEqualTo(endpoint.host().findByName(name).orElseThrow());
        }
        assertNoDomain(() -> connection.lookupDomainByName("q' OR '1' = '1"),
                "Domain not found: no domain with matching name 'q' OR '1' = '1'");
    }

    @Test
    void lifecycleThroughRequestStateChange() {
        DomainRef vm = add("lc-vm", 3);
        connection.startDomain(vm, 0);
        assertThat(state(vm)).isEqualTo(DomainState.RUNNING);
        connection.suspendDomain(vm);
        assertThat(state(vm)).isEqualTo(DomainState.PAUSED);
        assertInvalid(() -> connection.suspendDomain(vm), "Domain is not active");
        connection.resumeDomain(vm);
        assertThat(state(vm)).isEqualTo(DomainState.RUNNING);
        assertInvalid(() -> connection.resumeDomain(vm), "Domain is not paused");
        assertInvalid(() -> connection.startDomain(vm, 0), "Domain is already active or is in state transition");
        connection.rebootDomain(vm, 0);
        assertThat(state(vm)).isEqualTo(DomainState.RUNNING);
        connection.destroyDomain(vm, 0);
        assertThat(state(vm)).isEqualTo(DomainState.SHUTOFF);
        assertInvalid(() -> connection.destroyDomain(vm, 0), "Domain is not active or is in state transition");
        assertInvalid(() -> connection.rebootDomain(vm, 0), "Domain is not active");
    }

    @Test
    void managedSaveIsHyperVsSavedState() {
        DomainRef vm = add("ms-vm", 2);
        assertInvalid(() -> connection.managedSaveRemove(vm, 0), "Domain has no managed save image");
        connection.managedSave(vm, 0);
        assertThat(connection.domainState(vm, 0).reason()).isEqualTo(DomainStateReason.SHUTOFF_SAVED);
        assertThat(connection.hasManagedSaveImage(vm, 0)).isTrue();
        assertThat(names(connection.listAllDomains(DomainListFlag.MANAGEDSAVE.bit()))).contains("ms-vm");
        assertInvalid(() -> connection.managedSave(vm, 0), "Domain is not active or is in state transition");
        connection.startDomain(vm, 0); // restores
        assertThat(state(vm)).isEqualTo(DomainState.RUNNING);
        assertThat(connection.hasManagedSaveImage(vm, 0)).isFalse();
        connection.managedSave(vm, 0);
        connection.managedSaveRemove(vm, 0);
        assertThat(connection.hasManagedSaveImage(vm, 0)).isFalse();
        assertThat(connection.domainState(vm, 0).reason()).isEqualTo(DomainStateReason.SHUTOFF_UNKNOWN);
    }

    @Test
    void shutdownThroughTheShutdownComponent() {
        DomainRef vm = add("sd-vm", 2);
        connection.shutdownDomain(vm, 0);
        assertThat(state(vm)).isEqualTo(DomainState.SHUTOFF); // the job of InitiateShutdown ends once the guest is off
        DomainRef bare = add("sd-bare", 2);
        endpoint.host().setIntegrationServices(endpoint.host().findByName("sd-bare").orElseThrow(), false);
        assertThatThrownBy(() -> connection.shutdownDomain(bare, 0)).isInstanceOfSatisfying(VirtException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_FAILED);
                    assertThat(e.getMessage()).contains("Could not get Msvm_ShutdownComponent for domain with UUID '"
                            + bare.uuid() + "'");
                });
        assertThat(state(bare)).isEqualTo(DomainState.RUNNING);
        DomainRef off = add("sd-off", 3);
        assertInvalid(() -> connection.shutdownDomain(off, 0), "Domain is not active or in state transition");
    }

    @Test
    void memoryVcpusAndAutostart() {
        DomainRef vm = add("rs-vm", 3);
        assertThat(connection.domainInfo(vm).memoryKiB()).isEqualTo(1024 * 1024);
        assertThat(connection.domainInfo(vm).vcpus()).isEqualTo(2);
        connection.setDomainMemory(vm, 1025 * 1024, 0); // MiB rounded up to an even number, as libvirt
        assertThat(connection.domainInfo(vm).memoryKiB()).isEqualTo(1026 * 1024);
        // a static-memory VM: its maximum is its memory (Hyper-V's Limit is unused), and no maximum can be set
        assertThat(connection.domainInfo(vm).maxMemoryKiB()).isEqualTo(1026 * 1024);
        assertInvalid(() -> connection.setDomainMaxMemory(vm, 4096 * 1024),
                "cannot set the maximum memory of a domain with static memory: Hyper-V uses a maximum only with "
                        + "dynamic memory");
        assertThat(connection.domainInfo(vm).maxMemoryKiB()).isEqualTo(1026 * 1024);
        connection.setDomainVcpus(vm, 4, 0);
        assertThat(connection.domainInfo(vm).vcpus()).isEqualTo(4);
        assertThat(connection.domainVcpus(vm, 0)).isEqualTo(4);
        assertThat(connection.domainMaxVcpus(vm)).isPositive();
        assertInvalid(() -> connection.domainVcpus(vm, io.virtkit.api.VcpuFlag.LIVE.bit()), "Domain is not active");
        assertThat(connection.domainAutostart(vm)).isFalse();
        connection.setDomainAutostart(vm, true);
        assertThat(connection.domainAutostart(vm)).isTrue();
        assertThat(names(connection.listAllDomains(DomainListFlag.AUTOSTART.bit()))).contains("rs-vm");
        connection.setDomainAutostart(vm, false);
        assertThat(connection.domainAutostart(vm)).isFalse();
        assertThat(names(connection.listAllDomains(DomainListFlag.NO_AUTOSTART.bit()))).contains("rs-vm");
    }

    @Test
    void unsupportedFlagsRefused() {
        DomainRef vm = add("fl-vm", 3);
        assertThatThrownBy(() -> connection.startDomain(vm, 1 << 5)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG));
        assertThat(state(vm)).isEqualTo(DomainState.SHUTOFF);
    }

    static DomainState state(DomainRef vm) {
        return connection.domainState(vm, 0).state();
    }

    static List<String> names(List<DomainRef> refs) {
        return refs.stream().map(DomainRef::name).toList();
    }

    static void assertNoDomain(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID);
            assertThat(e.getMessage()).endsWith(message);
        });
    }
}
